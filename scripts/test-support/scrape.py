"""GETs a URL of the daemon's HTTP listener and prints the answer as JSON.

    scrape.py URL

/metrics is parsed with prometheus_client's own text-format parser (what the tests check
the exposition against); other paths give their status and body.
"""

import json
import sys
import urllib.error
import urllib.request

from prometheus_client.parser import text_string_to_metric_families

url = sys.argv[1]
try:
    with urllib.request.urlopen(url, timeout=5) as response:
        status, body = response.status, response.read().decode()
except urllib.error.HTTPError as error:
    status, body = error.code, error.read().decode()
except OSError as error:
    print(json.dumps({"status": 0, "body": str(error)}))
    sys.exit(0)
answer = {"status": status, "body": body}
if url.endswith("/metrics") and status == 200:
    answer["body"] = ""
    answer["families"] = {
        family.name: {
            "type": family.type,
            "samples": [[sample.name, sample.labels, sample.value] for sample in family.samples],
        }
        for family in text_string_to_metric_families(body)
    }
print(json.dumps(answer))

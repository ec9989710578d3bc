import Foundation
import IntakeCore

/// Region and country names Intake recognises in locations, so that "Irving Texas United States"
/// and "Jersey City, NJ, US" can be split into city, region and country as the posting states them.
enum Gazetteer {
    /// US states and territories, Canadian provinces, UK nations, Australian states: name → code.
    static let regions: [String: String] = {
        let pairs: [(String, String)] = [
            ("Alabama", "AL"), ("Alaska", "AK"), ("Arizona", "AZ"), ("Arkansas", "AR"), ("California", "CA"),
            ("Colorado", "CO"), ("Connecticut", "CT"), ("Delaware", "DE"), ("District of Columbia", "DC"),
            ("Florida", "FL"), ("Georgia", "GA"), ("Hawaii", "HI"), ("Idaho", "ID"), ("Illinois", "IL"),
            ("Indiana", "IN"), ("Iowa", "IA"), ("Kansas", "KS"), ("Kentucky", "KY"), ("Louisiana", "LA"),
            ("Maine", "ME"), ("Maryland", "MD"), ("Massachusetts", "MA"), ("Michigan", "MI"), ("Minnesota", "MN"),
            ("Mississippi", "MS"), ("Missouri", "MO"), ("Montana", "MT"), ("Nebraska", "NE"), ("Nevada", "NV"),
            ("New Hampshire", "NH"), ("New Jersey", "NJ"), ("New Mexico", "NM"), ("New York", "NY"),
            ("North Carolina", "NC"), ("North Dakota", "ND"), ("Ohio", "OH"), ("Oklahoma", "OK"), ("Oregon", "OR"),
            ("Pennsylvania", "PA"), ("Rhode Island", "RI"), ("South Carolina", "SC"), ("South Dakota", "SD"),
            ("Tennessee", "TN"), ("Texas", "TX"), ("Utah", "UT"), ("Vermont", "VT"), ("Virginia", "VA"),
            ("Washington", "WA"), ("West Virginia", "WV"), ("Wisconsin", "WI"), ("Wyoming", "WY"),
            ("Puerto Rico", "PR"), ("Ontario", "ON"), ("Quebec", "QC"), ("British Columbia", "BC"), ("Alberta", "AB"),
            ("Manitoba", "MB"), ("Saskatchewan", "SK"), ("Nova Scotia", "NS"), ("New Brunswick", "NB"),
            ("Newfoundland and Labrador", "NL"), ("Prince Edward Island", "PE"), ("England", "ENG"),
            ("Scotland", "SCT"), ("Wales", "WLS"), ("Northern Ireland", "NIR"), ("New South Wales", "NSW"),
            ("Victoria", "VIC"), ("Queensland", "QLD"), ("Western Australia", "WA-AU"),
        ]
        var regions: [String: String] = [:]
        for (name, code) in pairs {
            regions[name.lowercasedFast()] = code
            regions[code.lowercasedFast()] = code
        }
        return regions
    }()

    /// Country names and codes → ISO 3166 alpha-2.
    static let countries: [String: String] = {
        let pairs: [(String, String)] = [
            ("United States", "US"), ("United States of America", "US"), ("USA", "US"), ("US", "US"), ("U.S.", "US"),
            ("U.S.A.", "US"), ("United Kingdom", "GB"), ("UK", "GB"), ("Great Britain", "GB"), ("GB", "GB"),
            ("Canada", "CA"), ("Ireland", "IE"), ("Germany", "DE"), ("Deutschland", "DE"), ("France", "FR"),
            ("Spain", "ES"), ("España", "ES"), ("Portugal", "PT"), ("Italy", "IT"), ("Italia", "IT"),
            ("Netherlands", "NL"), ("The Netherlands", "NL"), ("Belgium", "BE"), ("Switzerland", "CH"),
            ("Austria", "AT"), ("Poland", "PL"), ("Sweden", "SE"), ("Norway", "NO"), ("Denmark", "DK"),
            ("Finland", "FI"), ("India", "IN"), ("Singapore", "SG"), ("Hong Kong", "HK"), ("Japan", "JP"),
            ("China", "CN"), ("Australia", "AU"), ("New Zealand", "NZ"), ("Brazil", "BR"), ("Brasil", "BR"),
            ("Mexico", "MX"), ("México", "MX"), ("Argentina", "AR"), ("South Africa", "ZA"), ("Philippines", "PH"),
            ("United Arab Emirates", "AE"), ("UAE", "AE"), ("Israel", "IL"), ("Luxembourg", "LU"),
            ("Czech Republic", "CZ"), ("Czechia", "CZ"), ("Hungary", "HU"), ("Romania", "RO"), ("Greece", "GR"),
            ("Turkey", "TR"), ("South Korea", "KR"), ("Korea", "KR"), ("Taiwan", "TW"), ("Malaysia", "MY"),
            ("Colombia", "CO"), ("Chile", "CL"), ("Peru", "PE"),
        ]
        var countries: [String: String] = [:]
        for (name, code) in pairs { countries[name.lowercasedFast()] = code }
        return countries
    }()

    /// Codes that are also common words or ambiguous: accepted as regions only after a comma.
    static let ambiguousCodes: Set<String> = [
        "in", "or", "me", "oh", "ok", "de", "la", "hi", "co", "al", "pa", "ma", "va",
    ]

    private static let arrangementPrefix = regex(#"^(?i:remote|hybrid|on-?site)\s*(?:[(\-–—,:]|in\b|within\b)\s*"#, [])

    /// Splits a stated location into city, region and country (each as written), or `nil` when
    /// the text is not a place (no region or country recognised and more than a few words).
    static func place(_ raw: String) -> Place? {
        var text = raw.trimmed
        while let last = text.last, ".;:".contains(last) { text.removeLast() }
        guard !text.isEmpty, text.count <= 80 else { return nil }
        let lowered = text.lowercasedFast()
        if ["remote", "anywhere", "worldwide", "multiple locations", "various"].contains(lowered) { return nil }
        // "Remote (United States)", "Hybrid - London, UK": the place is what follows the arrangement.
        if let match = text.firstRange(of: arrangementPrefix) {
            var rest = String(text[match.upperBound...])
            if rest.hasSuffix(")") { rest.removeLast() }
            return place(rest)
        }

        var parts = text.split(separator: ",").map { String($0).trimmed }.filter { !$0.isEmpty }
        var place = Place()
        if parts.count == 1 {
            // No commas: "Irving Texas United States", "Jersey City New Jersey United States".
            var words = parts[0].split(separator: " ").map(String.init)
            if let (country, count) = longestSuffix(words, in: countries) {
                place.country = country
                words.removeLast(count)
            }
            if let (region, count) = longestSuffix(words, in: regions), words.count > count || place.country != nil {
                if count > 1 || !ambiguousCodes.contains(region.lowercasedFast()) || region == region.uppercased() {
                    place.region = region
                    words.removeLast(count)
                }
            }
            if !words.isEmpty { place.city = words.joined(separator: " ") }
            if place.region == nil && place.country == nil && words.count > 4 { return nil }
            return place.city == nil && place.region == nil && place.country == nil ? nil : place
        }
        if let last = parts.last, countries[last.lowercasedFast()] != nil {
            place.country = last
            parts.removeLast()
        }
        if let last = parts.last, parts.count >= 1, regions[last.lowercasedFast()] != nil,
            parts.count > 1 || place.country != nil
        {
            place.region = last
            parts.removeLast()
        }
        // "Location Negotiable After Selection, United States" (USAJobs) names no city.
        if !parts.isEmpty, !parts.contains(where: { $0.lowercasedFast().contains("location") }) {
            place.city = parts.joined(separator: ", ")
        }
        if place.region == nil && place.country == nil && parts.count > 2 { return nil }
        return place
    }

    private static func longestSuffix(_ words: [String], in table: [String: String]) -> (String, Int)? {
        for count in stride(from: min(4, words.count), through: 1, by: -1) {
            let candidate = words.suffix(count).joined(separator: " ")
            if table[candidate.lowercasedFast()] != nil { return (candidate, count) }
        }
        return nil
    }

    /// The country of each region code in ``regions``.
    private static let regionCountries: [String: String] = {
        var countries: [String: String] = [:]
        for code in Set(regions.values) {
            switch code {
            case "ON", "QC", "BC", "AB", "MB", "SK", "NS", "NB", "NL", "PE": countries[code] = "CA"
            case "ENG", "SCT", "WLS", "NIR": countries[code] = "GB"
            case "NSW", "VIC", "QLD", "WA-AU": countries[code] = "AU"
            default: countries[code] = "US"
            }
        }
        return countries
    }()

    /// The ISO 3166 code of the country `place` is in: its country, or its region's.
    static func countryCode(of place: Place) -> String? {
        if let country = place.country { return countries[country.lowercasedFast()] }
        return place.region.flatMap { regions[$0.lowercasedFast()] }.flatMap { regionCountries[$0] }
    }

    /// The currency (ISO 4217) of each country in ``countries``.
    static let currencies: [String: String] = {
        var currencies = [
            "US": "USD", "GB": "GBP", "CA": "CAD", "AU": "AUD", "NZ": "NZD", "SG": "SGD", "HK": "HKD",
            "IN": "INR", "JP": "JPY", "CN": "CNY", "CH": "CHF", "SE": "SEK", "NO": "NOK", "DK": "DKK",
            "PL": "PLN", "CZ": "CZK", "HU": "HUF", "RO": "RON", "TR": "TRY", "BR": "BRL", "MX": "MXN",
            "AR": "ARS", "CL": "CLP", "CO": "COP", "PE": "PEN", "ZA": "ZAR", "PH": "PHP", "AE": "AED",
            "IL": "ILS", "KR": "KRW", "TW": "TWD", "MY": "MYR",
        ]
        for euro in ["IE", "DE", "FR", "ES", "PT", "IT", "NL", "BE", "AT", "FI", "LU", "GR"] {
            currencies[euro] = "EUR"
        }
        return currencies
    }()

    /// A key that treats "NJ" and "New Jersey", "US" and "United States" alike, for removing
    /// repeated statements of one place.
    static func key(_ place: Place) -> String {
        let region = place.region.map { regions[$0.lowercasedFast()] ?? $0.lowercasedFast() } ?? ""
        let country = place.country.map { countries[$0.lowercasedFast()] ?? $0.lowercasedFast() } ?? ""
        return [(place.city ?? "").lowercasedFast(), region, country].joined(separator: "|")
    }
}

import Foundation

/// A small JSON Schema (2020-12) validator for the keywords `schema/intake-record.schema.json`
/// uses: `$ref` (local), `oneOf`, `type`, `enum`, `const`, `required`, `properties`,
/// `additionalProperties`, `items`, `minItems`, `minimum`, `maximum`, `pattern`.
///
/// Test-only: it keeps the schema file and the encoder honest with each other without a
/// Python dependency in the test run.
public struct JSONSchemaValidator {
    private let root: [String: Any]

    /// Loads the schema at `path`.
    public init(path: String) throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        guard let root = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw CocoaError(.fileReadCorruptFile)
        }
        self.root = root
    }

    /// The violations of `value` (decoded with JSONSerialization), as JSON-pointer-ish paths; empty when valid.
    public func errors(in value: Any) -> [String] {
        var errors: [String] = []
        check(value, against: root, at: "$", into: &errors)
        return errors
    }

    private func resolve(_ reference: String) -> [String: Any] {
        var node: Any = root
        for part in reference.dropFirst(2).split(separator: "/") {
            node = (node as? [String: Any])?[String(part)] ?? [:]
        }
        return node as? [String: Any] ?? [:]
    }

    private func check(_ value: Any, against schema: [String: Any], at path: String, into errors: inout [String]) {
        if let reference = schema["$ref"] as? String {
            check(value, against: resolve(reference), at: path, into: &errors)
        }
        if let options = schema["oneOf"] as? [[String: Any]] {
            let matching = options.filter { option in
                var scratch: [String] = []
                check(value, against: option, at: path, into: &scratch)
                return scratch.isEmpty
            }
            if matching.count != 1 { errors.append("\(path): matches \(matching.count) of oneOf") }
        }
        if let type = schema["type"] {
            let types = (type as? [String]) ?? [type as? String ?? ""]
            if !types.contains(where: { Self.value(value, is: $0) }) { errors.append("\(path): not of type \(types)") }
        }
        if let allowed = schema["enum"] as? [Any], !allowed.contains(where: { Self.equal($0, value) }) {
            errors.append("\(path): \(value) not in enum")
        }
        if let constant = schema["const"], !Self.equal(constant, value) {
            errors.append("\(path): \(value) is not \(constant)")
        }
        if let number = value as? NSNumber, !(value is Bool) {
            if let minimum = schema["minimum"] as? Double, number.doubleValue < minimum {
                errors.append("\(path): below minimum")
            }
            if let maximum = schema["maximum"] as? Double, number.doubleValue > maximum {
                errors.append("\(path): above maximum")
            }
        }
        if let string = value as? String, let pattern = schema["pattern"] as? String,
            string.range(of: pattern, options: .regularExpression) == nil
        {
            errors.append("\(path): does not match \(pattern)")
        }
        if let array = value as? [Any] {
            if let minimum = schema["minItems"] as? Int, array.count < minimum {
                errors.append("\(path): fewer than \(minimum) items")
            }
            if let items = schema["items"] as? [String: Any] {
                for (index, item) in array.enumerated() {
                    check(item, against: items, at: "\(path)[\(index)]", into: &errors)
                }
            }
        }
        if let object = value as? [String: Any] {
            for key in schema["required"] as? [String] ?? [] where object[key] == nil {
                errors.append("\(path): missing \(key)")
            }
            let properties = schema["properties"] as? [String: [String: Any]] ?? [:]
            for (key, item) in object {
                if let property = properties[key] {
                    check(item, against: property, at: "\(path).\(key)", into: &errors)
                } else if let additional = schema["additionalProperties"] as? [String: Any] {
                    check(item, against: additional, at: "\(path).\(key)", into: &errors)
                } else if (schema["additionalProperties"] as? Bool) == false {
                    errors.append("\(path): unexpected \(key)")
                }
            }
        }
    }

    private static func value(_ value: Any, is type: String) -> Bool {
        switch type {
        case "object": return value is [String: Any]
        case "array": return value is [Any]
        case "string": return value is String
        case "boolean":
            // JSONSerialization gives booleans as NSNumbers whose Objective-C type is "c" (char).
            return (value as? NSNumber).map { String(cString: $0.objCType) == "c" } ?? false
        case "integer":
            guard let number = value as? NSNumber, !Self.value(value, is: "boolean") else { return false }
            return number.doubleValue == number.doubleValue.rounded()
        case "number": return value is NSNumber && !Self.value(value, is: "boolean")
        case "null": return value is NSNull
        default: return false
        }
    }

    private static func equal(_ a: Any, _ b: Any) -> Bool {
        if let a = a as? String, let b = b as? String { return a == b }
        if let a = a as? NSNumber, let b = b as? NSNumber { return a == b }
        return false
    }
}

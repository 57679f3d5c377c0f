import AtelierKit

/// JSON Merge Patch (RFC 7386): how view updates travel.
///
/// A patch is an object whose members replace the target's members; nested objects are
/// merged recursively; `null` deletes a member; arrays and scalars are replaced whole.
/// Views therefore never contain `null` as a value: absent means none.
public enum MergePatch {
    /// The patch that turns `old` into `new`, or nil when they are equal.
    public static func diff(from old: JSONValue, to new: JSONValue) -> JSONValue? {
        guard old != new else { return nil }
        guard case .object(let before) = old, case .object(let after) = new else { return new }
        var patch: [String: JSONValue] = [:]
        for (key, value) in after {
            if let previous = before[key] {
                if let inner = diff(from: previous, to: value) {
                    patch[key] = previous.objectValue != nil && value.objectValue != nil ? inner : value
                }
            } else {
                patch[key] = value
            }
        }
        for key in before.keys where after[key] == nil { patch[key] = .null }
        return .object(patch)
    }

    /// Applies a merge patch.
    public static func apply(_ patch: JSONValue, to target: JSONValue) -> JSONValue {
        guard case .object(let changes) = patch else { return patch }
        var result = target.objectValue ?? [:]
        for (key, value) in changes {
            if value == .null {
                result.removeValue(forKey: key)
            } else {
                result[key] = apply(value, to: result[key] ?? .null)
            }
        }
        return .object(result)
    }
}

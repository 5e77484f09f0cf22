/// Converts a type name to the prefix Keras gives its auto-generated names.
///
/// This is Keras' `to_snake_case`, step for step:
/// ```python
/// intermediate = re.sub('(.)([A-Z][a-z0-9]+)', r'\1_\2', name)
/// insecure = re.sub('([a-z])([A-Z])', r'\1_\2', intermediate).lower()
/// return insecure if insecure[0] != '_' else 'private' + insecure
/// ```
/// so acronyms and digits come out as Keras makes them:
/// `Conv2D` → `conv2d`, `ReLU` → `re_lu`, `Conv2DTranspose` → `conv2d_transpose`,
/// `BatchNormalization` → `batch_normalization`, `_Hidden` → `private__hidden`.
///
/// - Parameter typeName: A class or struct name such as `"BatchNormalization"`.
/// - Returns: The snake-cased prefix; an empty name stays empty.
/// - Complexity: O(n) in the length of `typeName`.
public func snakeCase(_ typeName: String) -> String {
    let characters = Array(typeName)
    guard !characters.isEmpty else { return "" }
    let insecure = String(splitLowerUpper(splitBeforeCapitalisedWords(characters))).lowercased()
    return insecure.first == "_" ? "private" + insecure : insecure
}

private func isUpper(_ c: Character) -> Bool { c >= "A" && c <= "Z" }
private func isLower(_ c: Character) -> Bool { c >= "a" && c <= "z" }
private func isLowerOrDigit(_ c: Character) -> Bool { isLower(c) || (c >= "0" && c <= "9") }

/// `re.sub('(.)([A-Z][a-z0-9]+)', r'\1_\2', name)`: scans left to right, matches never
/// overlap, and the `+` is greedy, exactly like Python's `re`.
private func splitBeforeCapitalisedWords(_ s: [Character]) -> [Character] {
    var out: [Character] = []
    out.reserveCapacity(s.count + 4)
    var i = 0
    while i < s.count {
        // `.` matches anything but a newline.
        if s[i] != "\n", i + 2 < s.count, isUpper(s[i + 1]), isLowerOrDigit(s[i + 2]) {
            var end = i + 3
            while end < s.count, isLowerOrDigit(s[end]) { end += 1 }
            out.append(s[i])
            out.append("_")
            out.append(contentsOf: s[(i + 1)..<end])
            i = end
        } else {
            out.append(s[i])
            i += 1
        }
    }
    return out
}

/// `re.sub('([a-z])([A-Z])', r'\1_\2', intermediate)`: non-overlapping pairs.
private func splitLowerUpper(_ s: [Character]) -> [Character] {
    var out: [Character] = []
    out.reserveCapacity(s.count + 4)
    var i = 0
    while i < s.count {
        if i + 1 < s.count, isLower(s[i]), isUpper(s[i + 1]) {
            out.append(s[i])
            out.append("_")
            out.append(s[i + 1])
            i += 2
        } else {
            out.append(s[i])
            i += 1
        }
    }
    return out
}

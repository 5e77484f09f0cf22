/// How a validation message names a setting: as the Swift property a library user set
/// (and the key a scenarios file uses), or as the command-line flag a CLI user typed.
///
/// ```swift
/// SettingNaming.property.name("warmUp")   // "warmUp"
/// SettingNaming.flag.name("warmUp")       // "--warm-up"
/// ```
package enum SettingNaming: Sendable {
    case property
    case flag

    /// The setting's name in this style; flags are the property in kebab case.
    package func name(_ property: String) -> String {
        switch self {
        case .property: return property
        case .flag:
            var flag = "--"
            for character in property {
                if character.isUppercase {
                    flag += "-" + character.lowercased()
                } else {
                    flag.append(character)
                }
            }
            return flag
        }
    }
}

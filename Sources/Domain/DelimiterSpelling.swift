/// How a CSV delimiter is spelled by users: the manifest's `delimiter` key and `inspect
/// --delimiter` take the same spellings, so one place reads them for both.
public enum DelimiterSpelling {
    /// The separator a user spelled (`,` `;` `|`, a tab as `\t` or `tab`), or nil for any other text.
    public static func byte(_ text: String) -> UInt8? {
        switch text {
        case ",": return UInt8(ascii: ",")
        case ";": return UInt8(ascii: ";")
        case "\t", "\\t", "tab", "TAB": return 9
        case "|": return UInt8(ascii: "|")
        default: return nil
        }
    }
}

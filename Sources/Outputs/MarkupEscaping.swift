/// Text made safe inside HTML or SVG markup and attribute values: `&`, `<`, `>` and `"` written
/// as entities. Most text (names, ids, numbers) holds none of them and is returned as it is;
/// four `replacingOccurrences` passes over every string took 7% of a run's writing.
public enum MarkupEscaping {
    public static func escaped(_ s: String) -> String {
        let utf8 = s.utf8
        guard utf8.contains(where: { $0 == 38 || $0 == 60 || $0 == 62 || $0 == 34 }) else { return s }
        var out: [UInt8] = []
        out.reserveCapacity(utf8.count + 16)
        for byte in utf8 {
            switch byte {
            case 38: out.append(contentsOf: "&amp;".utf8)
            case 60: out.append(contentsOf: "&lt;".utf8)
            case 62: out.append(contentsOf: "&gt;".utf8)
            case 34: out.append(contentsOf: "&quot;".utf8)
            default: out.append(byte)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}

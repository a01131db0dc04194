import Foundation

/// How a name in the manifest or the rules designates columns, for CSV tables and for layers of
/// every format alike: an HXL tag (`#adm3+pcode`, attributes in any order) the columns tagged so
/// by the hashtag row, or, in a file whose header line is itself made of tags, those headers;
/// any other name the columns of exactly that header, else of that header in any case
/// (COD-AB files say `validTo` or `ValidTo`). Spaces around the name are ignored. Two or more
/// matches is an ambiguous reference, which the caller refuses.
public enum ColumnLookup {
    public static func matches(_ name: String, count: Int, header: (Int) -> String, tag: (Int) -> HXLTag?) -> [Int] {
        let wanted = name.trimmingCharacters(in: .whitespaces)
        let all = 0..<count
        if wanted.hasPrefix("#"), let wantedTag = HXLTag(wanted) {
            let tagged = all.filter { tag($0) == wantedTag }
            if !tagged.isEmpty { return tagged }
            return all.filter { HXLTag(header($0)) == wantedTag }
        }
        let exact = all.filter { header($0) == wanted }
        if !exact.isEmpty { return exact }
        let lower = wanted.lowercased()
        return all.filter { header($0).lowercased() == lower }
    }
}

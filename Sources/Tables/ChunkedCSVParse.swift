import Foundation
import Domain

/// Parses a large CSV file on every core: the bytes are cut into chunks just after a line feed,
/// each chunk parsed as if a record began there, and the chunks joined in order, checking that
/// each one really began where the previous one ended. A chunk that did not (its first line feed
/// was inside a quoted field) or that failed is parsed again from where the previous, correct
/// one ended, so that the result, and every error, is the one a single pass from the start gives.
///
/// Why this is exact: the parser's state where a record begins is only its offset and line
/// number, so two parses that reach the same record start agree on everything after it; the
/// first chunk starts at the file's real start, and each later chunk is kept only when it began
/// exactly where its predecessor's records ended.
struct ChunkedCSVParse {
    let parser: CSVRecordParser
    /// Chunks are at least this long; a smaller file is one chunk.
    var minimumChunkBytes = 1 << 20
    /// How many chunks to cut at most (a few per core, so that a core slowed by other work
    /// leaves its remaining chunks to the others).
    var maximumChunks = 4 * ProcessInfo.processInfo.activeProcessorCount

    func parse(_ b: UnsafeBufferPointer<UInt8>, from bodyStart: Int, path: String) throws -> ParsedRecords {
        let pieces = try self.pieces(b, from: bodyStart, path: path)
        return pieces.count == 1 ? pieces[0].records : ParsedRecords.joining(pieces)
    }

    /// The records as consecutive pieces, in file order, each with the offset to add to its lines
    /// (`ParsedRecords.joining` makes them one).
    func pieces(_ b: UnsafeBufferPointer<UInt8>, from bodyStart: Int, path: String) throws -> [(records: ParsedRecords, lineOffset: Int)] {
        let cuts = chunkStarts(b, from: bodyStart)
        guard cuts.count > 1 else { return [(try parser.parse(b, from: bodyStart, line: 1, stopAt: b.count, path: path), 0)] }
        let parser = self.parser
        let results = Parallel.map(cuts.count) { k in
            let stop = k + 1 < cuts.count ? cuts[k + 1] : b.count
            return Result { try parser.parse(b, from: cuts[k], line: 1, stopAt: stop, path: path) }
        }
        // The first chunk began at the real start: its error, if any, is the file's first.
        var pieces = [(records: try results[0].get(), lineOffset: 0)]
        var end = pieces[0].records.end, endLine = pieces[0].records.endLine
        for k in 1..<cuts.count {
            guard case .success(let chunk) = results[k], end == cuts[k] else {
                // Parse the rest in one pass from the last record start known to be right.
                pieces.append((try parser.parse(b, from: end, line: endLine, stopAt: b.count, path: path), 0))
                break
            }
            pieces.append((chunk, endLine - 1))
            end = chunk.end; endLine = chunk.endLine + endLine - 1
        }
        return pieces
    }

    /// Where chunks begin: `bodyStart`, then just after the first line feed at or past each even
    /// share of the bytes (never between a carriage return and its line feed).
    func chunkStarts(_ b: UnsafeBufferPointer<UInt8>, from bodyStart: Int) -> [Int] {
        let body = b.count - bodyStart
        let count = min(maximumChunks, body / max(1, minimumChunkBytes))
        var starts = [bodyStart]
        guard count > 1, let base = b.baseAddress else { return starts }
        for k in 1..<count {
            let target = max(bodyStart + body / count * k, starts[starts.count - 1])
            guard target < b.count, let hit = memchr(base + target, Int32(CSVRecordParser.lf), b.count - target) else { break }
            let next = UnsafeRawPointer(hit) - UnsafeRawPointer(base) + 1
            if next >= b.count { break }
            if next > starts[starts.count - 1] { starts.append(next) }
        }
        return starts
    }
}

extension ParsedRecords {
    /// The records of consecutive pieces of a file as one, each piece's lines moved by its offset
    /// (a chunk counts from line 1), its field indexes by the fields before it. The pieces are
    /// copied on every core, each into its own part of the arrays.
    static func joining(_ pieces: [(records: ParsedRecords, lineOffset: Int)]) -> ParsedRecords {
        var recordStarts = [0], fieldStarts = [0]
        for p in pieces {
            recordStarts.append(recordStarts.last! + p.records.lines.count)
            fieldStarts.append(fieldStarts.last! + p.records.starts.count)
        }
        let recordBase = recordStarts, fieldBase = fieldStarts
        func join<T>(_ total: Int, _ base: [Int], _ part: @escaping @Sendable (ParsedRecords) -> [T],
                     _ adjust: @escaping @Sendable (T, Int) -> T) -> [T] {
            [T](unsafeUninitializedCapacity: total) { buffer, count in
                let out = JoinWrites(buffer: buffer)
                DispatchQueue.concurrentPerform(iterations: pieces.count) { k in
                    let values = part(pieces[k].records)
                    for (i, v) in values.enumerated() { (out.buffer.baseAddress! + base[k] + i).initialize(to: adjust(v, k)) }
                }
                count = total
            }
        }
        let records = recordBase.last!, fields = fieldBase.last!
        var out = ParsedRecords()
        out.lines = join(records, recordBase, { $0.lines }) { $0 + pieces[$1].lineOffset }
        out.endLines = join(records, recordBase, { $0.endLines }) { $0 + pieces[$1].lineOffset }
        out.firstField = join(records, recordBase, { $0.firstField }) { $0 + fieldBase[$1] }
        out.fieldCounts = join(records, recordBase, { $0.fieldCounts }) { v, _ in v }
        out.badQuoteField = join(records, recordBase, { $0.badQuoteField }) { v, _ in v }
        out.starts = join(fields, fieldBase, { $0.starts }) { v, _ in v }
        out.ends = join(fields, fieldBase, { $0.ends }) { v, _ in v }
        out.blankLines = pieces.reduce(0) { $0 + $1.records.blankLines }
        if let last = pieces.last { out.end = last.records.end; out.endLine = last.records.endLine + last.lineOffset }
        return out
    }
}

/// Each piece writes its own part of the joined arrays only, and the buffer outlives `concurrentPerform`.
private struct JoinWrites<T>: @unchecked Sendable {
    let buffer: UnsafeMutableBufferPointer<T>
}

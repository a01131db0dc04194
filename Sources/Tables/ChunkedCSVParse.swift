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
        let cuts = chunkStarts(b, from: bodyStart)
        guard cuts.count > 1 else { return try parser.parse(b, from: bodyStart, line: 1, stopAt: b.count, path: path) }
        let results = UnsafeMutableBufferPointer<Result<ParsedRecords, Error>?>.allocate(capacity: cuts.count)
        results.initialize(repeating: nil)
        defer { results.deinitialize(); results.deallocate() }
        let out = ChunkResults(buffer: results, bytes: b)
        let parser = self.parser
        DispatchQueue.concurrentPerform(iterations: cuts.count) { k in
            let stop = k + 1 < cuts.count ? cuts[k + 1] : out.bytes.count
            out.buffer[k] = Result { try parser.parse(out.bytes, from: cuts[k], line: 1, stopAt: stop, path: path) }
        }
        // The first chunk began at the real start: its error, if any, is the file's first.
        var joined = try results[0]!.get()
        for k in 1..<cuts.count {
            guard case .success(let chunk)? = results[k], joined.end == cuts[k] else {
                // Parse the rest in one pass from the last record start known to be right.
                let rest = try parser.parse(b, from: joined.end, line: joined.endLine, stopAt: b.count, path: path)
                joined.append(rest, lineOffset: 0)
                return joined
            }
            joined.append(chunk, lineOffset: joined.endLine - 1)
        }
        return joined
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

/// Each chunk writes its own result only, and the buffers outlive `concurrentPerform`.
private struct ChunkResults: @unchecked Sendable {
    let buffer: UnsafeMutableBufferPointer<Result<ParsedRecords, Error>?>
    let bytes: UnsafeBufferPointer<UInt8>
}

extension ParsedRecords {
    /// Appends the records of the chunk parsed right after these, its lines moved by `lineOffset`
    /// (it counted from line 1).
    mutating func append(_ next: ParsedRecords, lineOffset: Int) {
        let fieldOffset = starts.count
        lines.append(contentsOf: next.lines.lazy.map { $0 + lineOffset })
        endLines.append(contentsOf: next.endLines.lazy.map { $0 + lineOffset })
        firstField.append(contentsOf: next.firstField.lazy.map { $0 + fieldOffset })
        fieldCounts.append(contentsOf: next.fieldCounts)
        badQuoteField.append(contentsOf: next.badQuoteField)
        starts.append(contentsOf: next.starts)
        ends.append(contentsOf: next.ends)
        blankLines += next.blankLines
        end = next.end
        endLine = next.endLine + lineOffset
    }
}

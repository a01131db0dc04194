import Foundation
import Domain

/// The usual large table, whose every data row has the header's width and readable quoting, read
/// straight into the table's own arrays: chunks of the file are parsed on every core, each into
/// its own stretch of one array of cell ranges (sized from the delimiters and line breaks the
/// chunk holds, which no chunk's fields can outnumber), and the stretches are then moved down
/// to close the gaps. The general path (`ChunkedCSVParse`, `TableAssembler`) first keeps every
/// record's line, width and field index in arrays of its own, then copies the rows into the
/// table: two more copies of every cell range, a hundred megabytes for a million rows.
///
/// Any row this path cannot take (another width, text after a closing quote), a chunk cut inside
/// a quoted field, a parse error or a header problem gives nil, and the caller reads the file by
/// the general path, which gives the same table (or the same error) as before. What this path
/// gives is the table that path gives, for the same reason chunked parsing is exact
/// (`ChunkedCSVParse`): every chunk is kept only when it began exactly where its predecessor's
/// records ended.
enum ConformingRows {
    static func table(bytes: FileBytes, from bodyStart: Int, path: String, encoding: EncodingChoice, delimiter: UInt8,
                      chunking: ChunkedCSVParse) -> Table? {
        bytes.withUnsafeBufferPointer { b in
            guard let head = Head.read(b, bytes: bytes, from: bodyStart, path: path, encoding: encoding, delimiter: delimiter,
                                       parser: chunking.parser) else { return nil }
            let width = head.head.header.count
            let cuts = chunking.chunkStarts(b, from: head.dataStart)
            let stops = (0..<cuts.count).map { $0 + 1 < cuts.count ? cuts[$0 + 1] : b.count }
            // Upper bounds of each chunk's fields and rows: every field ends at a delimiter, a line
            // break or the file's end, and every row at a line break or the file's end, which only
            // the last chunk holds (the others end with a line feed; a record running past that
            // one is never kept). A file without quoted separators or CRLF has exact bounds, and
            // its chunks' stretches then need no moving.
            let bounds = Parallel.map(cuts.count) { k in SeparatorCount.count(b, cuts[k]..<stops[k], delimiter: delimiter) }
            var fieldBase = [0], rowBase = [0]
            for (k, c) in bounds.enumerated() {
                let fileEnd = k == cuts.count - 1 ? 1 : 0
                fieldBase.append(fieldBase[fieldBase.count - 1] + c.delimiters + c.lineBreaks + fileEnd)
                rowBase.append(rowBase[rowBase.count - 1] + c.lineBreaks + fileEnd)
            }
            var ok = false
            var blankLines = head.blankLines
            var rowLines: [UInt32] = [], cellStarts: [UInt32] = [], cellEnds: [UInt32] = []
            cellStarts = [UInt32](unsafeUninitializedCapacity: fieldBase[cuts.count]) { startsBuffer, startsCount in
                cellEnds = [UInt32](unsafeUninitializedCapacity: fieldBase[cuts.count]) { endsBuffer, endsCount in
                    rowLines = [UInt32](unsafeUninitializedCapacity: rowBase[cuts.count]) { linesBuffer, linesCount in
                        startsCount = 0; endsCount = 0; linesCount = 0
                        guard let starts = startsBuffer.baseAddress, let ends = endsBuffer.baseAddress,
                              let lines = linesBuffer.baseAddress else { return }
                        let out = RowArrays(starts: starts, ends: ends, lines: lines)
                        let parser = chunking.parser
                        let chunks = Parallel.map(cuts.count) { k -> (ParseEnd, RowWriter)? in
                            var writer = RowWriter(out: out, fieldBase: fieldBase[k], fieldCapacity: fieldBase[k + 1] - fieldBase[k],
                                                   rowBase: rowBase[k], rowCapacity: rowBase[k + 1] - rowBase[k], width: width)
                            guard let end = try? parser.parse(b, from: cuts[k], line: 1, stopAt: stops[k], path: path, into: &writer),
                                  !end.stopped else { return nil }
                            return (end, writer)
                        }
                        // In file order: each chunk must have begun where the previous one's rows
                        // ended; its lines are moved by the lines before it.
                        var lineOffset = head.dataLine - 1, fields = 0, rows = 0
                        for k in 0..<cuts.count {
                            guard let chunk = chunks[k] else { return }
                            let end = chunk.0, writer = chunk.1
                            if k > 0 {
                                guard let previous = chunks[k - 1]?.0, previous.end == cuts[k] else { return }
                                lineOffset += previous.endLine - 1
                            }
                            blankLines += end.blankLines
                            let f = writer.fields, r = writer.rows
                            if fields != fieldBase[k] {
                                // Down over the gap the previous chunks' bounds left (the stretches may overlap).
                                UnsafeMutableRawPointer(starts + fields).copyMemory(from: starts + fieldBase[k], byteCount: f * 4)
                                UnsafeMutableRawPointer(ends + fields).copyMemory(from: ends + fieldBase[k], byteCount: f * 4)
                            }
                            for i in 0..<r { lines[rows + i] = lines[rowBase[k] + i] + UInt32(lineOffset) }
                            fields += f; rows += r
                        }
                        startsCount = fields; endsCount = fields; linesCount = rows
                        ok = true
                    }
                }
            }
            guard ok else { return nil }
            return Table(path: path, encoding: encoding, delimiter: delimiter, header: head.head.header, tags: head.head.tags,
                         hashtagRowLine: head.head.hashtagLine, diagnostics: head.head.diagnostics, rejectedRowCount: 0,
                         blankLineCount: blankLines, bytes: bytes, rowLines: rowLines, cellStarts: cellStarts, cellEnds: cellEnds)
        }
    }

    /// The header and the hashtag row, read as the general path reads them, and where the data
    /// rows begin.
    struct Head {
        var head: TableAssembler.Head
        var dataStart: Int
        var dataLine: Int
        /// Blank lines before the first data row.
        var blankLines: Int

        static func read(_ b: UnsafeBufferPointer<UInt8>, bytes: FileBytes, from bodyStart: Int, path: String, encoding: EncodingChoice,
                         delimiter: UInt8, parser: CSVRecordParser) -> Head? {
            func first(_ count: Int) -> (ParsedRecords, ParseEnd)? {
                var sink = FirstRecords(limit: count)
                guard let end = try? parser.parse(b, from: bodyStart, line: 1, stopAt: b.count, path: "", into: &sink) else { return nil }
                return (sink.records, end)
            }
            // The first two records are all that `head()` looks at.
            guard let two = first(2),
                  let head = try? TableAssembler(path: path, bytes: bytes, encoding: encoding, delimiter: delimiter, parsed: two.0).head()
            else { return nil }
            let endOfTwo = two.1
            if head.firstData == 2 {
                return Head(head: head, dataStart: endOfTwo.end, dataLine: endOfTwo.endLine, blankLines: endOfTwo.blankLines)
            }
            guard let endOfOne = first(1)?.1 else { return nil }
            return Head(head: head, dataStart: endOfOne.end, dataLine: endOfOne.endLine, blankLines: endOfOne.blankLines)
        }
    }
}

/// The first `limit` records of a file, in full.
struct FirstRecords: RecordSink {
    var records = ParsedRecords()
    let limit: Int

    init(limit: Int) { self.limit = limit }

    mutating func addField(start: UInt32, end: UInt32) -> Bool { records.addField(start: start, end: end) }

    mutating func endRecord(line: Int, endLine: Int, fieldCount: Int, badQuoteField: Int) -> Bool {
        _ = records.endRecord(line: line, endLine: endLine, fieldCount: fieldCount, badQuoteField: badQuoteField)
        return records.lines.count < limit
    }
}

/// The table's arrays while chunks are parsed into them: each chunk writes its own stretch only,
/// and the arrays outlive the parse.
struct RowArrays: @unchecked Sendable {
    let starts: UnsafeMutablePointer<UInt32>
    let ends: UnsafeMutablePointer<UInt32>
    let lines: UnsafeMutablePointer<UInt32>
}

/// One chunk's rows, written into its stretch of the table's arrays; it stops the parse at a row
/// of another width, at text after a closing quote, and where its stretch would overflow (a
/// chunk whose last record ran past its end through a quoted line break, which is never kept).
struct RowWriter: RecordSink {
    let out: RowArrays
    let fieldBase: Int, fieldCapacity: Int
    let rowBase: Int, rowCapacity: Int
    let width: Int
    var fields = 0, rows = 0

    init(out: RowArrays, fieldBase: Int, fieldCapacity: Int, rowBase: Int, rowCapacity: Int, width: Int) {
        self.out = out; self.fieldBase = fieldBase; self.fieldCapacity = fieldCapacity
        self.rowBase = rowBase; self.rowCapacity = rowCapacity; self.width = width
    }

    @inline(__always) mutating func addField(start: UInt32, end: UInt32) -> Bool {
        guard fields < fieldCapacity else { return false }
        out.starts[fieldBase + fields] = start
        out.ends[fieldBase + fields] = end
        fields += 1
        return true
    }

    @inline(__always) mutating func endRecord(line: Int, endLine: Int, fieldCount: Int, badQuoteField: Int) -> Bool {
        guard fieldCount == width, badQuoteField < 0, rows < rowCapacity else { return false }
        out.lines[rowBase + rows] = UInt32(line)
        rows += 1
        return true
    }
}

/// How many delimiters and line breaks (LF and CR, each counted) a stretch of bytes holds,
/// sixteen bytes at a time: each lane of a vector counts its matches (a lane holds at most 255),
/// and the lanes are summed every 255 blocks.
enum SeparatorCount {
    static func count(_ b: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, delimiter: UInt8) -> (delimiters: Int, lineBreaks: Int) {
        guard let base = b.baseAddress.map(UnsafeRawPointer.init) else { return (0, 0) }
        let d = SIMD16<UInt8>(repeating: delimiter), lf = SIMD16<UInt8>(repeating: 10), cr = SIMD16<UInt8>(repeating: 13)
        let one = SIMD16<UInt8>(repeating: 1), zero = SIMD16<UInt8>(repeating: 0)
        var delimiters = 0, lineBreaks = 0
        var i = range.lowerBound
        while range.upperBound - i >= 16 {
            var inLanesD = zero, inLanesL = zero
            var blocks = 0
            while blocks < 255 && range.upperBound - i >= 16 {
                let v = base.loadUnaligned(fromByteOffset: i, as: SIMD16<UInt8>.self)
                inLanesD &+= zero.replacing(with: one, where: v .== d)
                inLanesL &+= zero.replacing(with: one, where: (v .== lf) .| (v .== cr))
                i += 16
                blocks += 1
            }
            delimiters += Int(SIMD16<UInt16>(truncatingIfNeeded: inLanesD).wrappedSum())
            lineBreaks += Int(SIMD16<UInt16>(truncatingIfNeeded: inLanesL).wrappedSum())
        }
        while i < range.upperBound {
            if b[i] == delimiter { delimiters += 1 } else if b[i] == 10 || b[i] == 13 { lineBreaks += 1 }
            i += 1
        }
        return (delimiters, lineBreaks)
    }
}

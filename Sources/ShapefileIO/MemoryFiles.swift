import Foundation
import CShapelib
import Domain

/// Files that shapelib writes into memory instead of a folder, through its I/O hooks
/// (`SAHooks`): the writer then hands the bytes to the caller, which writes and hashes them in
/// one pass (files written through stdio had to be synchronised and read back to be hashed).
/// shapelib sees files as stdio would show them: it creates, closes, reopens, seeks, reads back
/// its headers and rewrites them; a write past the end fills the gap with zeros.
///
/// Files are found by name in one table for the process (the hooks carry no context of their
/// own); each writer uses names of its own (`volume`), so threads do not meet.
final class MemoryFiles: @unchecked Sendable {
    static let shared = MemoryFiles()

    final class File {
        var bytes: [UInt8] = []
        /// Set for a file streamed rather than held (`stream`).
        var stream: Stream?
    }

    /// A file whose bytes are not held but handed on as they are written, in order: only its first
    /// `headerLength` bytes are kept (shapelib writes a header when it creates a file, reads it
    /// back when it reopens it, and rewrites it when it closes it); every byte after them must be
    /// written once, at the file's end. The receiver got a header of the caller's own first,
    /// which the caller checks against `header` (shapelib's last) at the end. A write elsewhere
    /// (`broken`) or a receiver's error (`failure`) fails the write, so shapelib reports it.
    final class Stream {
        let headerLength: Int
        private(set) var header: [UInt8] = []
        private(set) var length = 0
        private var sink: (UnsafeRawBufferPointer) throws -> Void
        private(set) var failure: Error?
        private(set) var broken = false

        init(headerLength: Int, sink: @escaping (UnsafeRawBufferPointer) throws -> Void) {
            self.headerLength = headerLength; self.sink = sink
        }

        /// Bytes read at `position` (within the header only).
        func read(_ n: Int, at position: Int, into buffer: UnsafeMutableRawPointer) -> Bool {
            guard position >= 0, position + n <= min(length, headerLength) else { return false }
            header.withUnsafeBytes { buffer.copyMemory(from: $0.baseAddress! + position, byteCount: n) }
            return true
        }

        /// Bytes written at `position`: into the header, or handed on at the file's end.
        func write(_ source: UnsafeRawBufferPointer, at position: Int) -> Bool {
            guard failure == nil, !broken, position >= 0, position <= length else { broken = true; return false }
            var offset = 0
            if position < headerLength {
                let k = min(source.count, headerLength - position)
                if header.count < position + k { header.append(contentsOf: repeatElement(0, count: position + k - header.count)) }
                header.withUnsafeMutableBytes { ($0.baseAddress! + position).copyMemory(from: source.baseAddress!, byteCount: k) }
                length = max(length, position + k)
                offset = k
            }
            guard offset < source.count else { return true }
            guard position + offset == length else { broken = true; return false }
            do { try sink(UnsafeRawBufferPointer(rebasing: source[offset...])) } catch { failure = error; return false }
            length += source.count - offset
            return true
        }

        /// Lets go of the receiver (whatever still holds the stream): later writes fail.
        func detach() {
            sink = { _ in throw TargetingError("the file was written after its stream was closed") }
        }

        /// Whether nothing was written yet: only then may shapelib create the file (it creates
        /// each file once, before writing it).
        var isEmpty: Bool { length == 0 }
    }

    /// Makes `name` a streamed file (see `Stream`) before shapelib creates it.
    func stream(_ name: String, headerLength: Int, sink: @escaping (UnsafeRawBufferPointer) throws -> Void) -> Stream {
        let file = File()
        let stream = Stream(headerLength: headerLength, sink: sink)
        file.stream = stream
        lock.lock(); files[name] = file; lock.unlock()
        return stream
    }

    /// One open file: its bytes and the position of the next read or write.
    final class Handle {
        let file: File
        var position = 0
        init(_ file: File) { self.file = file }
    }

    private let lock = NSLock()
    private var files: [String: File] = [:]

    /// A folder name no other writer uses, for the files of one write (`/memory/<uuid>/`).
    func volume() -> String { "/memory/\(UUID().uuidString)/" }

    /// Makes `name` an empty file with room for `capacity` bytes, before shapelib creates it, so
    /// that a large file is not grown (and copied) by doubling.
    func reserve(_ name: String, capacity: Int) {
        let file = File()
        file.bytes.reserveCapacity(capacity)
        lock.lock(); files[name] = file; lock.unlock()
    }

    /// Takes the bytes of `name` (nil when shapelib made no such file) and forgets it.
    func take(_ name: String) -> [UInt8]? {
        lock.lock(); defer { lock.unlock() }
        return files.removeValue(forKey: name)?.bytes
    }

    /// Forgets every file under `volume`.
    func remove(volume: String) {
        lock.lock(); defer { lock.unlock() }
        for name in files.keys where name.hasPrefix(volume) { files.removeValue(forKey: name) }
    }

    fileprivate func open(_ name: String, creating: Bool) -> File? {
        lock.lock(); defer { lock.unlock() }
        if creating {
            // A file reserved empty keeps its room; one with bytes is truncated, as by stdio's "w"
            // (a streamed one cannot be, once bytes have gone on).
            if let file = files[name] {
                if let stream = file.stream { return stream.isEmpty ? file : nil }
                file.bytes.removeAll(keepingCapacity: true)
                return file
            }
            let file = File()
            files[name] = file
            return file
        }
        return files[name]
    }

    /// Forgets the file `name`; whether there was one.
    @discardableResult
    func delete(_ name: String) -> Bool {
        lock.lock(); defer { lock.unlock() }
        return files.removeValue(forKey: name) != nil
    }

    /// shapelib's hooks for these files; errors and number parsing stay shapelib's own.
    static var hooks: SAHooks {
        var hooks = SAHooks()
        SASetupDefaultHooks(&hooks)
        hooks.FOpen = { name, access in
            guard let name, let access else { return nil }
            let mode = String(cString: access)
            guard let file = MemoryFiles.shared.open(String(cString: name), creating: mode.contains("w")) else { return nil }
            return Unmanaged.passRetained(Handle(file)).toOpaque().assumingMemoryBound(to: Int32.self)
        }
        hooks.FRead = { buffer, size, count, handle in
            guard let buffer, let handle, size > 0 else { return 0 }
            let h = Unmanaged<Handle>.fromOpaque(handle).takeUnretainedValue()
            if let stream = h.file.stream {
                guard stream.read(Int(size) * Int(count), at: h.position, into: buffer) else { return 0 }
                h.position += Int(size) * Int(count)
                return SAOffset(count)
            }
            let available = max(0, h.file.bytes.count - h.position)
            let items = min(Int(count), available / Int(size))
            let n = items * Int(size)
            if n > 0 {
                h.file.bytes.withUnsafeBytes { buffer.copyMemory(from: $0.baseAddress! + h.position, byteCount: n) }
                h.position += n
            }
            return SAOffset(items)
        }
        hooks.FWrite = { buffer, size, count, handle in
            guard let buffer, let handle else { return 0 }
            let h = Unmanaged<Handle>.fromOpaque(handle).takeUnretainedValue()
            let n = Int(size) * Int(count)
            guard n > 0 else { return SAOffset(count) }
            let source = UnsafeRawBufferPointer(start: buffer, count: n)
            if let stream = h.file.stream {
                guard stream.write(source, at: h.position) else { return 0 }
                h.position += n
                return SAOffset(count)
            }
            if h.position > h.file.bytes.count {
                h.file.bytes.append(contentsOf: repeatElement(0, count: h.position - h.file.bytes.count))
            }
            let overlap = min(n, h.file.bytes.count - h.position)
            if overlap > 0 {
                h.file.bytes.withUnsafeMutableBytes {
                    ($0.baseAddress! + h.position).copyMemory(from: source.baseAddress!, byteCount: overlap)
                }
            }
            if overlap < n { h.file.bytes.append(contentsOf: source[overlap...]) }
            h.position += n
            return SAOffset(count)
        }
        hooks.FSeek = { handle, offset, whence in
            guard let handle else { return SAOffset(bitPattern: -1) }
            let h = Unmanaged<Handle>.fromOpaque(handle).takeUnretainedValue()
            let delta = Int(bitPattern: UInt(offset))
            let target: Int
            switch whence {
            case SEEK_SET: target = delta
            case SEEK_CUR: target = h.position + delta
            case SEEK_END: target = (h.file.stream?.length ?? h.file.bytes.count) + delta
            default: return SAOffset(bitPattern: -1)
            }
            guard target >= 0 else { return SAOffset(bitPattern: -1) }
            h.position = target
            return 0
        }
        hooks.FTell = { handle in
            guard let handle else { return 0 }
            return SAOffset(Unmanaged<Handle>.fromOpaque(handle).takeUnretainedValue().position)
        }
        hooks.FFlush = { _ in 0 }
        hooks.FClose = { handle in
            guard let handle else { return -1 }
            Unmanaged<Handle>.fromOpaque(handle).release()
            return 0
        }
        hooks.Remove = { name in
            guard let name else { return -1 }
            return MemoryFiles.shared.delete(String(cString: name)) ? 0 : -1
        }
        return hooks
    }
}

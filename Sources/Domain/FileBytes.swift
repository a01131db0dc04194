import Foundation
import CMappedInput
#if canImport(Glibc)
import Glibc
#endif

/// The bytes of an input file held whole: mapped from the file when it is large, else read.
///
/// Reading a large table into memory the run allocates costs the copy out of the page cache and
/// a fresh page for every 4 KB (on this project's benchmark, the 42 MB points table took 21–33 ms
/// to read that way and 4.5–6 ms to map and scan, with 700 page faults instead of 10,300). A
/// mapping has two risks that reading has not, and both are closed here:
/// - another program cutting the file short while the run reads it makes the pages past its new
///   end fault (a bus error): the mapping is registered with `CMappedInput`, which turns that
///   fault into this file's error message and exit status 2 instead of a crash;
/// - another program writing into the file changes the bytes under the run (reading took a copy):
///   `verifyUnchanged` compares the file's size and modification time with those it had when it
///   was opened, once every reader of the bytes is done, and throws if they differ.
/// A file replaced by a new one (an editor saving under the same name) leaves the mapping on the
/// old file, whole and unchanged.
public final class FileBytes: RandomAccessCollection, @unchecked Sendable {
    public typealias Index = Int
    public typealias Element = UInt8
    public typealias Indices = Range<Int>
    public typealias SubSequence = Slice<FileBytes>

    private let base: UnsafePointer<UInt8>?
    private let length: Int
    private let storage: Storage

    private enum Storage {
        /// Memory of our own (`allocate`d), freed with the bytes.
        case owned
        /// A mapping of `descriptor`'s file, kept open to check it at the end; `guardSlot` is the
        /// registration with `CMappedInput` (-1: none).
        case mapped(descriptor: Int32, guardSlot: Int32, size: Int, modified: timespec, path: String, role: String)
    }

    /// Files at least this large are mapped (smaller ones are read: a mapping's set-up costs more
    /// than copying a few pages).
    public static let mappingThreshold = 1 << 20

    /// A copy of `bytes`.
    public init(_ bytes: [UInt8]) {
        length = bytes.count
        storage = .owned
        if bytes.isEmpty {
            base = nil
        } else {
            let copy = UnsafeMutablePointer<UInt8>.allocate(capacity: bytes.count)
            bytes.withUnsafeBufferPointer { copy.initialize(from: $0.baseAddress!, count: bytes.count) }
            base = UnsafePointer(copy)
        }
    }

    private init(base: UnsafePointer<UInt8>?, length: Int, storage: Storage) {
        self.base = base; self.length = length; self.storage = storage
    }

    deinit {
        switch storage {
        case .owned:
            base.map { UnsafeMutablePointer(mutating: $0).deallocate() }
        case .mapped(let descriptor, let guardSlot, let size, _, _, _):
            mapped_input_remove(guardSlot)
            if let base { munmap(UnsafeMutableRawPointer(mutating: base), size) }
            close(descriptor)
        }
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { length }
    public var count: Int { length }
    @inlinable public func index(after i: Int) -> Int { i + 1 }
    @inlinable public func index(before i: Int) -> Int { i - 1 }

    public subscript(i: Int) -> UInt8 {
        precondition(i >= 0 && i < length, "byte index out of range")
        return base![i]
    }

    public subscript(bounds: Range<Int>) -> Slice<FileBytes> { Slice(base: self, bounds: bounds) }

    public func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        try body(UnsafeBufferPointer(start: base, count: length))
    }

    public func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try body(UnsafeRawBufferPointer(start: base, count: length))
    }

    public func withContiguousStorageIfAvailable<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R? {
        try body(UnsafeBufferPointer(start: base, count: length))
    }

    /// Whether the bytes are a mapping of the file rather than a copy.
    public var isMapped: Bool { if case .mapped = storage { return true } else { return false } }

    /// Throws when the file mapped was written to (its size or modification time changed) since it
    /// was opened: the bytes read may then be a mix of two versions. Nothing to check for a copy.
    public func verifyUnchanged() throws {
        if let error = changeError() { throw error }
    }

    /// What to report for `error`, met while reading these bytes: the file's change when it was
    /// changed (what it broke is then no fault of its data: cut short under the mapping, its last
    /// page reads as zero bytes past the new end), else `error`.
    public func explaining(_ error: Error) -> Error { changeError() ?? error }

    /// The error `verifyUnchanged` throws, or nil.
    public func changeError() -> TargetingError? {
        guard case .mapped(let descriptor, _, let size, let modified, let path, let role) = storage else { return nil }
        var st = stat()
        guard fstat(descriptor, &st) == 0 else { return nil }
        guard Int(st.st_size) != size || st.st_mtim.tv_sec != modified.tv_sec || st.st_mtim.tv_nsec != modified.tv_nsec else { return nil }
        return TargetingError("the \(role) changed while it was read (another program wrote to it)", at: SourceLocation(file: path),
                              hint: "wait until the file is written completely, then run again")
    }
}

extension InputFile {
    /// The whole regular file at `path`, of at most `limit` bytes (`tooLarge(size)` is the error
    /// for a bigger one, thrown before any byte is read): mapped when it holds at least
    /// `FileBytes.mappingThreshold` bytes and the mapping can be made and guarded, else read as
    /// by `read(path:role:limit:tooLarge:)`.
    public static func bytes(path: String, role: String, limit: Int,
                             tooLarge: ((Int) -> TargetingError)? = nil) throws -> FileBytes {
        try withOpened(path: path, role: role) { fd, st in
            let size = try checkedSize(st, path: path, role: role, limit: limit, tooLarge: tooLarge)
            if size >= FileBytes.mappingThreshold, let mapped = map(fd, size: size, modified: st.st_mtim, path: path, role: role) {
                return mapped
            }
            return FileBytes(try readAll(fd, size: size, path: path, role: role))
        }
    }

    /// The mapping of `fd`'s `size` bytes, registered with the guard and holding a descriptor of
    /// its own (`fd` is closed by the caller); nil (and nothing left behind) when any of them
    /// cannot be made.
    private static func map(_ fd: Int32, size: Int, modified: timespec, path: String, role: String) -> FileBytes? {
        guard let address = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), address != MAP_FAILED else { return nil }
        let kept = fcntl(fd, F_DUPFD_CLOEXEC, 0)
        guard kept >= 0 else { munmap(address, size); return nil }
        let message = "error: \(path): the \(role) was cut short while it was read (another program wrote to it); nothing was written\n"
            + "  hint: wait until the file is written completely, then run again\n"
        let slot = Array(message.utf8).withUnsafeBufferPointer { text in
            mapped_input_add(address, size, UnsafeRawPointer(text.baseAddress!).assumingMemoryBound(to: CChar.self), text.count)
        }
        guard slot >= 0 else { munmap(address, size); close(kept); return nil }
        return FileBytes.mapped(address, size: size, fd: kept, slot: slot, modified: modified, path: path, role: role)
    }
}

extension FileBytes {
    fileprivate static func mapped(_ address: UnsafeMutableRawPointer, size: Int, fd: Int32, slot: Int32, modified: timespec,
                                   path: String, role: String) -> FileBytes {
        FileBytes(base: UnsafePointer(address.assumingMemoryBound(to: UInt8.self)), length: size,
                  storage: .mapped(descriptor: fd, guardSlot: slot, size: size, modified: modified, path: path, role: role))
    }
}

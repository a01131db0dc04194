import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Which file a path leads to on disk (device and inode, symbolic links followed): two paths
/// name the same file exactly when their identities are equal, whatever their spelling, `..`,
/// links or letter case on a case-insensitive volume. Used to refuse writing over an input.
public struct FileIdentity: Hashable, Sendable {
    public let device: UInt64
    let inode: UInt64

    /// nil when nothing is at `path` (or it cannot be examined).
    public init?(path: String) {
        var s = stat()
        guard stat(path, &s) == 0 else { return nil }
        device = UInt64(s.st_dev); inode = UInt64(s.st_ino)
    }
}

/// What is at a path, without following a symbolic link at its end.
enum PathKind: Equatable, Sendable {
    case missing, regularFile, symbolicLink, folder, other

    public init(path: String) {
        var s = stat()
        guard lstat(path, &s) == 0 else { self = .missing; return }
        switch s.st_mode & S_IFMT {
        case S_IFREG: self = .regularFile
        case S_IFLNK: self = .symbolicLink
        case S_IFDIR: self = .folder
        default: self = .other
        }
    }
}

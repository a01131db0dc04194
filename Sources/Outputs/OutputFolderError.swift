import Domain

/// A failure about the output folder itself, with the exit status the command ends with:
/// 4 when another run holds the folder's lock, 5 when the commit of outputs failed (the
/// message then says what state the folder is in).
public struct OutputFolderError: Error, Sendable, CustomStringConvertible {
    static let lockedStatus: Int32 = 4
    static let commitFailedStatus: Int32 = 5

    public var error: TargetingError
    public var exitStatus: Int32

    public init(_ error: TargetingError, exitStatus: Int32) { self.error = error; self.exitStatus = exitStatus }
    public var description: String { error.description }
}

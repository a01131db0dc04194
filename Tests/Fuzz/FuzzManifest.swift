// libFuzzer target: the project manifest parser (Manifest: TOML subset + project model).
// Compiled by Scripts/fuzz.sh, not by SwiftPM. The input is the manifest text (invalid UTF-8 is
// repaired the way `String(decoding:)` does). Thrown errors are fine; crashes and hangs are defects.
import Foundation
import Domain
import Manifest

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzManifest(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    _ = try? ProjectManifest(parsing: text, file: "fuzz/targeting.toml", folder: "fuzz", checkFiles: false)
    return 0
}

import CProj
import Domain

/// PROJ, loaded at run time (Sources/CProj): `ready` loads it, or says what to install.
public enum PROJLibrary {
    /// Loads PROJ once per process (a call once it is loaded costs nothing), or throws an error
    /// naming the library and the package that installs it. A PROJ function called without it
    /// loads PROJ itself, and with PROJ missing ends the process with that message (status 70).
    public static func ready() throws {
        guard let why = targeting_proj_load() else { return }
        throw TargetingError("the PROJ library could not be loaded: \(String(cString: why))",
                             hint: "install it (on Debian: apt-get install \(String(cString: targeting_proj_package_name())))")
    }
}

#if canImport(Glibc)
import Glibc

/// Runs the data commands with glibc's malloc backed by transparent huge pages (2 MB), through
/// glibc's own switch `GLIBC_TUNABLES=glibc.malloc.hugetlb=1` (with two settings that let the
/// heaps use them: `added`), without the user setting anything.
///
/// Why: a large run spends much of its CPU in the kernel taking page faults on fresh memory
/// (zeroing plus accounting per 4 KB page). On the 6,000-unit benchmark the tunable cuts the
/// faults from ~147,000 to ~49,000. With the tunable, glibc grows the main heap to 2 MB
/// boundaries and madvise(MADV_HUGEPAGE)s it and every mmapped chunk before first touch; that
/// alignment lives inside malloc, so no code outside glibc can reproduce it (an interposed malloc
/// that madvised the big blocks removed only 62,000 of the faults, and it would replace the
/// allocator of every library in the process). Tunables are read once, by the dynamic loader,
/// before any of our code runs, so the process starts itself again: `execve` of its own file with
/// the same arguments and the environment plus the tunable (the same process id, open files and
/// limits). That costs one more pass of the dynamic loader over ~110 libraries (~0.055 s CPU,
/// ~2,400 faults), about what huge pages save on a mid-sized run, so only the commands that load a
/// project restart, and only when the files beside its manifest (and in the folders there) reach
/// 48 MB. Measured in blocks of runs (a run with huge pages right after one without pays more to
/// zero its first huge pages here, so alternating single runs misleads): the 72 MB benchmark
/// gains ~0.18 s of 1.5 s; the 36 MB one and the 4 MB sample (without maps) would come out even.
///
/// Never a loop and never harm: the restarted process carries `TARGETING_HUGE_PAGE_RESTART` in its
/// environment (whatever glibc does to `GLIBC_TUNABLES` there: 2.36 cuts the original text at the
/// end of each value), takes it out at once and never restarts again. No restart either when
/// `GLIBC_TUNABLES` already names `glibc.malloc.hugetlb` (the user's choice), when glibc is older than 2.35
/// (no such tunable), when transparent huge pages are not in `madvise` mode (`never`: nothing
/// to gain; `always`: already there, and glibc then ignores the tunable), for set-uid runs
/// (glibc erases their tunables, so the restart would not see its own), under valgrind (it would
/// lose the restarted process), or when /proc is absent; if `execve` fails, this process simply
/// carries on. Children (rsvg-convert) inherit the tunable, as they would had the user set it.
/// Outputs do not depend on it.
enum HugePageRestart {
    static let tunable = "glibc.malloc.hugetlb"
    static let marker = "TARGETING_HUGE_PAGE_RESTART"
    /// The commands that load a project named by `--project` (`diff`: or `--project-b`).
    static let commands: Set<String> = ["rank", "map", "diff", "check", "inspect"]
    /// Bytes of files beside a manifest from which huge pages pay for the restart.
    static let largeProject: Int64 = 48 << 20

    /// Returns only when the process is not restarted.
    static func restartIfUseful() {
        // Still one thread here, so changing the environment is safe.
        if getenv(marker) != nil { unsetenv(marker); return }
        let arguments = CommandLine.arguments
        guard arguments.count > 1, commands.contains(arguments[1]) else { return }
        let current = getenv("GLIBC_TUNABLES").map { String(cString: $0) }
        // The cheap checks first; the folder scan last.
        guard let value = tunables(adding: current),
              !secureMode(),
              !(getenv("LD_PRELOAD").map { String(cString: $0).contains("vgpreload") } ?? false),
              glibcHasTunable(), hugePagesOnRequest(),
              manifests(arguments).contains(where: { filesBeside($0, reach: largeProject) }),
              let executable = ownExecutable()
        else { return }
        var environment: [UnsafeMutablePointer<CChar>?] = []
        var entry = environ
        while let variable = entry.pointee {
            if strncmp(variable, "GLIBC_TUNABLES=", 15) != 0,
               strncmp(variable, marker + "=", marker.utf8.count + 1) != 0 { environment.append(variable) }
            entry += 1
        }
        let added = strdup("GLIBC_TUNABLES=" + value), restarted = strdup(marker + "=1")
        environment.append(added)
        environment.append(restarted)
        environment.append(nil)
        _ = environment.withUnsafeBufferPointer { env in
            execve(executable, CommandLine.unsafeArgv, env.baseAddress)
        }
        free(added) // execve returned: it failed, and this process runs on unchanged
        free(restarted)
    }

    /// What the restart adds to `GLIBC_TUNABLES`: huge pages, heaps grown 64 MB at a time and a
    /// fixed mmap threshold of 32 MB (glibc's largest). Why the last two: with huge pages alone,
    /// most faults left (~49,000 on the 6,000-unit benchmark) came from malloc growing its heaps
    /// 128 KB at a time (the default top pad), each step's fresh 4 KB pages faulting one by one
    /// (a 2 MB page cannot back a range that small), and from blocks between 128 KB and 32 MB
    /// mmapped anew and unmapped at every free (glibc's sliding threshold), so that each reuse
    /// faulted freshly zeroed pages again. Grown by 64 MB, the heaps get 2 MB pages, and a block
    /// freed by one step is reused by the next. Measured there in blocks of five runs: faults
    /// 46,000–50,000 → 5,100–7,300, system time 0.25–0.71 → 0.10–0.22 s, peak memory 437–456 →
    /// 477–496 MB.
    static let added = "\(tunable)=1:glibc.malloc.top_pad=67108864:glibc.malloc.mmap_threshold=33554432"

    /// `GLIBC_TUNABLES` with `added` first and the user's tunables after it (glibc takes the last
    /// value given, so a user's own top pad or threshold wins), or nil when it already names
    /// the huge-page tunable.
    static func tunables(adding current: String?) -> String? {
        guard let current, !current.isEmpty else { return added }
        if current.split(separator: ":").contains(where: { $0.hasPrefix(tunable + "=") }) { return nil }
        return added + ":" + current
    }

    /// The manifests named by `--project` and `--project-b` (as `--name VALUE` or `--name=VALUE`),
    /// before any `--`. None given means the commands' default, `Shapefiles/kasai/targeting.toml` in
    /// the current folder (a user's project may stand there), else the installed sample, which is
    /// small; for `inspect`, none (it then reads only the files named).
    static func manifests(_ arguments: [String]) -> [String] {
        var found: [String] = []
        for (index, argument) in arguments.enumerated().dropFirst(2) {
            if argument == "--" { break }
            for name in ["--project", "--project-b"] {
                if argument == name, index + 1 < arguments.count { found.append(arguments[index + 1]) }
                if argument.hasPrefix(name + "=") { found.append(String(argument.dropFirst(name.count + 1))) }
            }
        }
        // `inspect` without --project reads only the files it is given, never the default project.
        if found.isEmpty, arguments[1] != "inspect" { return [InstalledFiles.defaultProject] }
        return found
    }

    /// True when the regular files in the manifest's folder and in the folders directly inside it
    /// reach `bytes` (at most 10,000 entries are looked at: a manifest in a crowded folder still
    /// decides quickly).
    static func filesBeside(_ manifest: String, reach bytes: Int64) -> Bool {
        var total: Int64 = 0, looked = 0
        func add(_ folder: String, depth: Int) -> Bool {
            guard let directory = opendir(folder) else { return false }
            defer { closedir(directory) }
            while looked < 10_000, let entry = readdir(directory) {
                looked += 1
                let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                    String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
                }
                if name == "." || name == ".." { continue }
                var info = stat()
                guard stat(folder + "/" + name, &info) == 0 else { continue }
                if (info.st_mode & S_IFMT) == S_IFREG {
                    total += Int64(info.st_size)
                    if total >= bytes { return true }
                } else if (info.st_mode & S_IFMT) == S_IFDIR, depth == 0, add(folder + "/" + name, depth: 1) {
                    return true
                }
            }
            return false
        }
        let slash = manifest.lastIndex(of: "/")
        let folder = slash.map { manifest[..<$0].isEmpty ? "/" : String(manifest[..<$0]) } ?? "."
        return add(folder, depth: 0)
    }

    /// True for a set-user-id (or capability-raising) start, AT_SECURE in the auxiliary vector:
    /// glibc then erases the tunable, so a restart would find it missing and start again. An
    /// unreadable vector counts as secure.
    static func secureMode() -> Bool {
        let descriptor = open("/proc/self/auxv", O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return true }
        defer { close(descriptor) }
        var pair = (UInt(0), UInt(0)) // (type, value); AT_NULL ends the vector
        while read(descriptor, &pair, MemoryLayout.size(ofValue: pair)) == MemoryLayout.size(ofValue: pair), pair.0 != 0 {
            if pair.0 == UInt(AT_SECURE) { return pair.1 != 0 }
        }
        return true
    }

    /// glibc 2.35 introduced the tunable; an older one would ignore it.
    static func glibcHasTunable() -> Bool {
        var text = [CChar](repeating: 0, count: 64) // "glibc 2.36"
        let length = confstr(Int32(_CS_GNU_LIBC_VERSION), &text, text.count)
        guard length > 0, length <= text.count else { return false }
        let version = String(decoding: text[..<(length - 1)].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        guard version.hasPrefix("glibc ") else { return false }
        let parts = version.dropFirst(6).split(separator: ".").compactMap { Int($0) }
        guard parts.count >= 2 else { return false }
        return parts[0] > 2 || (parts[0] == 2 && parts[1] >= 35)
    }

    /// True when the kernel gives huge pages to memory that asks for them (`[madvise]`), the only
    /// mode where glibc acts on the tunable.
    static func hugePagesOnRequest() -> Bool {
        guard let file = fopen("/sys/kernel/mm/transparent_hugepage/enabled", "r") else { return false }
        defer { fclose(file) }
        var line = [CChar](repeating: 0, count: 128)
        guard fgets(&line, Int32(line.count), file) != nil else { return false }
        return strstr(line, "[madvise]") != nil
    }

    /// The file this process runs, by its real path, so that the restarted process keeps its name
    /// (`ps` shows the file name exec was given; "/proc/self/exe" would show "exe").
    static func ownExecutable() -> String? {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let length = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard length > 0, length < buffer.count - 1 else { return nil }
        let path = String(decoding: buffer[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        // A binary replaced or removed since it started: leave this process as it is.
        guard path.hasPrefix("/"), access(path, X_OK) == 0 else { return nil }
        return path
    }
}
#endif

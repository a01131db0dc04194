#if canImport(Glibc)
import CMalloc
import Glibc

/// Two settings of glibc's malloc for every command, made before any work (`mallopt`): heaps grow
/// 64 MB at a time (`M_TOP_PAD`; glibc's default is 128 KB) and blocks up to 32 MB come from the
/// heaps (`M_MMAP_THRESHOLD`, glibc's largest; by default the threshold slides between 128 KB and
/// 32 MB). Why: a large run spends much of its time in the kernel faulting in fresh memory. With
/// the defaults, a block freed by one step and asked for again by the next was unmapped and then
/// mapped anew, zeroed and faulted page by page again; with these, the next step reuses it, and
/// memory untouched beyond the heap's top costs nothing (4 KB pages are faulted when first
/// written). Outputs do not depend on them.
///
/// No huge pages: earlier rounds restarted large runs with `glibc.malloc.hugetlb=1`. On a virtual
/// machine that hands its free memory back to the host (free page reporting, which WSL 2 and some
/// cloud and sandbox hypervisors use, this project's test machine among them), a 2 MB page taken from memory idle
/// for a few seconds costs the host 2.9 ms per MB to back, against 0.55 ms per MB for 4 KB pages
/// (400 MB touched by a C program: 1.12–1.17 s against 0.21–0.33 s), so a first run after a pause
/// took 1.54 s instead of 1.21 s on the 6,000-unit benchmark; only runs repeated within about two
/// seconds gained (~0.1 s). A user who runs many large projects back to back can still ask glibc
/// for them: `GLIBC_TUNABLES=glibc.malloc.hugetlb=1`.
///
/// A user's own `glibc.malloc.top_pad` or `glibc.malloc.mmap_threshold` in `GLIBC_TUNABLES` wins:
/// that setting is left as the user made it.
enum MallocSettings {
    static let topPad: Int32 = 64 << 20
    static let mmapThreshold: Int32 = 32 << 20

    static func apply() {
        let named = userTunables(getenv("GLIBC_TUNABLES").map { String(cString: $0) })
        if !named.contains("glibc.malloc.top_pad") { _ = mallopt(M_TOP_PAD, topPad) }
        if !named.contains("glibc.malloc.mmap_threshold") { _ = mallopt(M_MMAP_THRESHOLD, mmapThreshold) }
    }

    /// The names of the tunables the user set (`name=value` pairs separated by colons).
    static func userTunables(_ text: String?) -> Set<Substring> {
        guard let text else { return [] }
        return Set(text.split(separator: ":").map { $0.prefix(while: { $0 != "=" }) })
    }
}
#endif

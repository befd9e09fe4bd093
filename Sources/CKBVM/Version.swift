/// A CKB-VM version: the consensus behaviour a script runs under (`spec/ckb.md` §1.1–1.2).
///
/// | version | selected by `hash_type` | ISA | differences |
/// |---|---|---|---|
/// | 0 | `data` | RV64IMC | loads ending exactly at the end of memory fail; `jalr rd, rs1` with rd == rs1 writes rd before computing the target; compressed HINT encodings are invalid; writable ELF segments are frozen |
/// | 1 | `data1` (and `type` between the Mirana and Meepo hard forks) | + B (Zba Zbb Zbc Zbs) + macro-op fusion | fixes the above |
/// | 2 | `data2`, `type` | as 1 | more fused patterns, stricter far-jump fusion, spawn family syscalls |
public enum VMVersion: Int, Sendable, CaseIterable, Comparable, CustomStringConvertible {
    case v0 = 0
    case v1 = 1
    case v2 = 2

    /// The latest version, what `hash_type = type` selects after the Meepo hard fork.
    public static let latest: VMVersion = .v2

    public static func < (lhs: VMVersion, rhs: VMVersion) -> Bool { lhs.rawValue < rhs.rawValue }

    public var description: String { "VM\(rawValue)" }

    /// The B extension (Zba, Zbb, Zbc, Zbs) decodes.
    public var hasBitManipulation: Bool { self >= .v1 }
    /// Macro-op fusion is on.
    public var hasFusion: Bool { self >= .v1 }
}

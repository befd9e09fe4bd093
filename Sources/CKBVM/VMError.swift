/// Why a guest run ended without an `exit` syscall. Every guest fault is one of these; none
/// crashes the host.
///
/// The case names follow CKB-VM's `Error` enum, so a failure can be matched against what a CKB
/// node reports. As in the WebAssembly reference interpreter, three families are kept apart:
/// guest traps (decoding, memory, ecall), exhaustion (cycles), and loading (ELF, stack).
public enum VMError: Error, Equatable, Sendable, CustomStringConvertible {
    /// No instruction of this VM version decodes from these bits.
    case invalidInstruction(pc: UInt64, instruction: UInt32)
    /// An access outside the 4 MiB of memory (or an address computation that overflows).
    case memoryOutOfBound(pc: UInt64, address: UInt64)
    /// A store to an executable page, or an instruction fetch from a non-executable page
    /// (CKB-VM reports both as `MemWriteOnExecutablePage`).
    case memoryWriteOnExecutablePage(pc: UInt64, address: UInt64)
    /// Re-initialising a frozen page (ELF load, `load_cell_data_as_code`).
    case memoryWriteOnFrozenPage(address: UInt64)
    /// Page initialisation at an address or size that is not a multiple of 4096.
    case memoryPageUnalignedAccess(address: UInt64)
    /// The arguments do not fit in the 1 MiB stack region.
    case memoryOutOfStack
    /// A syscall number that neither the machine nor the embedder handles.
    case invalidEcall(pc: UInt64, number: UInt64)
    /// The run needed more cycles than its limit.
    case cyclesExceeded(limit: UInt64)
    /// The cycle counter overflowed 64 bits.
    case cyclesOverflow
    /// The ELF file could not be loaded.
    case elf(ELFError)
    /// An error raised by the embedder's syscalls (bad source or field value, bad UTF-8 in a
    /// debug string, ...).
    case external(String)
    /// The embedder could not load a piece of data a syscall named (CKB's scheduler: an exec v2
    /// index past the end of its source).
    case snapshotDataLoad(String)
    /// A failure CKB-VM reports as `Unexpected` (CKB's exec v1 with arguments over 1 MiB).
    case unexpected(String)
    /// Not a fault: the embedder's syscall asked the machine to pause after the `ecall` (CKB's
    /// scheduler switches between spawned VMs this way). `run()` can be called again to continue.
    case yielded

    /// CKB-VM's name for the error kind.
    public var kind: String {
        switch self {
        case .invalidInstruction: return "InvalidInstruction"
        case .memoryOutOfBound: return "MemOutOfBound"
        case .memoryWriteOnExecutablePage: return "MemWriteOnExecutablePage"
        case .memoryWriteOnFrozenPage: return "MemWriteOnFreezedPage"
        case .memoryPageUnalignedAccess: return "MemPageUnalignedAccess"
        case .memoryOutOfStack: return "MemOutOfStack"
        case .invalidEcall: return "InvalidEcall"
        case .cyclesExceeded: return "CyclesExceeded"
        case .cyclesOverflow: return "CyclesOverflow"
        case .elf(let error): return error.kind
        case .external: return "External"
        case .snapshotDataLoad: return "SnapshotDataLoadError"
        case .unexpected: return "Unexpected"
        case .yielded: return "Yield"
        }
    }

    /// What and where.
    public var detail: String {
        func hex(_ v: UInt64) -> String { "0x" + String(v, radix: 16) }
        switch self {
        case .invalidInstruction(let pc, let bits): return "pc \(hex(pc)), instruction \(hex(UInt64(bits)))"
        case .memoryOutOfBound(let pc, let address): return "pc \(hex(pc)), address \(hex(address))"
        case .memoryWriteOnExecutablePage(let pc, let address): return "pc \(hex(pc)), address \(hex(address))"
        case .memoryWriteOnFrozenPage(let address): return "address \(hex(address))"
        case .memoryPageUnalignedAccess(let address): return "address \(hex(address))"
        case .memoryOutOfStack: return "arguments exceed the stack"
        case .invalidEcall(let pc, let number): return "pc \(hex(pc)), syscall \(number)"
        case .cyclesExceeded(let limit): return "limit \(limit)"
        case .cyclesOverflow: return "cycle counter overflowed"
        case .elf(let error): return error.detail
        case .external(let message): return message
        case .snapshotDataLoad(let message): return message
        case .unexpected(let message): return message
        case .yielded: return "paused by a syscall"
        }
    }

    /// `kind: detail`, the form the CLI prints.
    public var description: String { "\(kind): \(detail)" }
}

/// Why an ELF file could not be loaded (CKB-VM's `Elf*` errors).
public enum ELFError: Error, Equatable, Sendable {
    /// Not an ELF64 file, or an unknown data encoding.
    case bits
    /// The header or program headers are malformed or lie outside the file.
    case parse(String)
    /// A loadable segment without the read permission (at this virtual address).
    case segmentUnreadable(vaddr: UInt64)
    /// A loadable segment that is both writable and executable.
    case segmentWritableAndExecutable(vaddr: UInt64)
    /// A segment whose file bytes lie outside the file.
    case segmentAddrOrSizeError(vaddr: UInt64)

    public var kind: String {
        switch self {
        case .bits: return "ElfBits"
        case .parse: return "ElfParseError"
        case .segmentUnreadable: return "ElfSegmentUnreadable"
        case .segmentWritableAndExecutable: return "ElfSegmentWritableAndExecutable"
        case .segmentAddrOrSizeError: return "ElfSegmentAddrOrSizeError"
        }
    }

    public var detail: String {
        switch self {
        case .bits: return "not a 64-bit ELF file"
        case .parse(let reason): return reason
        case .segmentUnreadable(let v): return "segment at 0x\(String(v, radix: 16)) is not readable"
        case .segmentWritableAndExecutable(let v): return "segment at 0x\(String(v, radix: 16)) is writable and executable"
        case .segmentAddrOrSizeError(let v): return "segment at 0x\(String(v, radix: 16)) lies outside the file"
        }
    }
}

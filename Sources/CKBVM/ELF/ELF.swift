/// An ELF64 program as CKB-VM loads it (`spec/ckb.md` §2.3): the entry point and the PT_LOAD
/// segments, in program-header order. Section headers are not read.
public struct ELFProgram: Sendable {
    /// One PT_LOAD segment, already turned into a page-aligned loading action.
    public struct Segment: Sendable, Equatable {
        /// Page-aligned start: floor(p_vaddr / 4096) * 4096.
        public let address: UInt64
        /// Page-aligned size: ceil((p_memsz + pad) / 4096) * 4096, with pad = p_vaddr - address.
        public let size: UInt64
        /// p_vaddr - address.
        public let pad: UInt64
        /// Page flags after loading.
        public let flags: UInt8
        /// The file bytes [p_offset, p_offset + p_filesz).
        public let fileRange: Range<Int>
        public let vaddr: UInt64
        public let executable: Bool
    }

    public let entry: UInt64
    public let segments: [Segment]
    /// Σ p_filesz of the PT_LOAD segments: what the loading cost counts.
    public let loadedByteCount: UInt64

    /// Parses `bytes` for a VM version.
    ///
    /// - The header must start with the ELF magic, class ELF64 (else `ElfBits`) and a known
    ///   data encoding (else `ElfBits`); e_machine and e_type are not checked, as in CKB-VM.
    /// - Program headers (56 bytes each, e_phnum of them at e_phoff) must lie inside the file.
    /// - A PT_LOAD segment must be readable and not both writable and executable; its file
    ///   bytes must lie inside the file. Flags: executable → executable + frozen; writable →
    ///   plain (VM1+) or frozen (VM0); read-only → frozen.
    public init(parsing bytes: [UInt8], version: VMVersion) throws(ELFError) {
        guard bytes.count >= 16, bytes[0] == 0x7F, bytes[1] == 0x45, bytes[2] == 0x4C, bytes[3] == 0x46 else {
            throw .parse("bad ELF magic")
        }
        guard bytes[4] == 2 else { throw .bits }  // ELFCLASS64
        let little: Bool
        switch bytes[5] {
        case 1: little = true
        case 2: little = false
        default: throw .bits
        }
        guard bytes.count >= 64 else { throw .parse("truncated ELF header (\(bytes.count) bytes)") }
        func u16(_ o: Int) -> UInt64 {
            little ? UInt64(bytes[o]) | UInt64(bytes[o + 1]) << 8 : UInt64(bytes[o]) << 8 | UInt64(bytes[o + 1])
        }
        func u32(_ o: Int) -> UInt64 { little ? u16(o) | u16(o + 2) << 16 : u16(o) << 16 | u16(o + 2) }
        func u64(_ o: Int) -> UInt64 { little ? u32(o) | u32(o + 4) << 32 : u32(o) << 32 | u32(o + 4) }

        entry = u64(24)
        let phoff = u64(32)
        let phnum = u16(56)
        let entrySize: UInt64 = 56
        guard phoff <= UInt64(bytes.count), phnum * entrySize <= UInt64(bytes.count) - phoff else {
            throw .parse("program headers (\(phnum) at offset \(phoff)) lie outside the \(bytes.count)-byte file")
        }
        var segments: [Segment] = []
        var loaded: UInt64 = 0
        for index in 0..<Int(phnum) {
            let base = Int(phoff) + index * Int(entrySize)
            guard u32(base) == 1 else { continue }  // PT_LOAD
            let pFlags = u32(base + 4)
            let offset = u64(base + 8)
            let vaddr = u64(base + 16)
            let fileSize = u64(base + 32)
            let memSize = u64(base + 40)
            let address = vaddr & ~UInt64(Memory.pageSize - 1)
            let pad = vaddr &- address
            let size = (memSize &+ pad &+ UInt64(Memory.pageSize - 1)) & ~UInt64(Memory.pageSize - 1)
            let end = offset &+ fileSize
            guard offset <= end, end <= UInt64(bytes.count) else { throw .segmentAddrOrSizeError(vaddr: vaddr) }
            let readable = pFlags & 4 != 0, writable = pFlags & 2 != 0, executable = pFlags & 1 != 0
            guard readable else { throw .segmentUnreadable(vaddr: vaddr) }
            guard !(writable && executable) else { throw .segmentWritableAndExecutable(vaddr: vaddr) }
            let flags: UInt8
            if executable {
                flags = Memory.executable | Memory.frozen
            } else if writable && version >= .v1 {
                flags = 0
            } else {
                flags = Memory.frozen
            }
            segments.append(Segment(address: address, size: size, pad: pad, flags: flags,
                                    fileRange: Int(offset)..<Int(end), vaddr: vaddr, executable: executable))
            loaded += fileSize
        }
        self.segments = segments
        self.loadedByteCount = loaded
    }
}

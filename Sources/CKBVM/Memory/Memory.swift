#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The 4 MiB guest memory: 1024 pages of 4096 bytes, each with flags (`spec/ckb.md` §2.1–2.2).
///
/// - Every access range must lie inside memory (`addr + size` may not overflow and must be
///   ≤ 4 MiB), else `MemOutOfBound`. Accesses may be misaligned and may span pages.
/// - Stores (guest and syscall) need every touched page non-executable (W^X), else
///   `MemWriteOnExecutablePage`. Loads have no permission check.
/// - Instruction fetch needs the executable flag (checked by the machine when decoding).
/// - The frozen flag only forbids re-initialising a page (ELF loading, code loaded from cell
///   data); it does not make a page read-only.
/// - Memory starts as zeros; pages the program never initialises are writable.
public final class Memory {
    public static let size = 4 << 20
    public static let pageSize = 4096
    public static let pageShift = 12
    public static let pageCount = size / pageSize
    /// Page flag: may not be initialised again.
    public static let frozen: UInt8 = 0b001
    /// Page flag: instructions may be fetched; stores are refused.
    public static let executable: UInt8 = 0b010

    /// The bytes (a 4 MiB zero-filled allocation).
    let bytes: UnsafeMutableRawPointer
    /// One flag byte per page.
    let flags: UnsafeMutablePointer<UInt8>

    init() {
        bytes = calloc(Memory.size, 1)!
        flags = UnsafeMutablePointer<UInt8>.allocate(capacity: Memory.pageCount)
        flags.initialize(repeating: 0, count: Memory.pageCount)
    }

    deinit {
        free(bytes)
        flags.deallocate()
    }

    /// Back to all zeros with no flags.
    func clear() {
        memset(bytes, 0, Memory.size)
        flags.update(repeating: 0, count: Memory.pageCount)
    }

    /// The flags of the page holding `address` (which must be in range).
    public func flags(ofPageAt address: UInt64) -> UInt8 {
        precondition(address < UInt64(Memory.size), "address outside memory")
        return flags[Int(address >> UInt64(Memory.pageShift))]
    }

    // MARK: Checked access (syscalls and the loader)

    /// Throws unless `[address, address + count)` lies inside memory.
    @inline(__always)
    func checkRange(_ address: UInt64, _ count: Int, pc: UInt64) throws(VMError) {
        guard count >= 0, address <= UInt64(Memory.size), UInt64(count) <= UInt64(Memory.size) - address else {
            throw .memoryOutOfBound(pc: pc, address: address)
        }
    }

    /// Throws unless every page of `[address, address + count)` is writable (not executable).
    @inline(__always)
    func checkWritable(_ address: UInt64, _ count: Int, pc: UInt64) throws(VMError) {
        try checkRange(address, count, pc: pc)
        guard count > 0 else { return }
        let first = Int(address >> 12)
        let last = Int((address + UInt64(count) - 1) >> 12)
        for page in first...last where flags[page] & Memory.executable != 0 {
            throw .memoryWriteOnExecutablePage(pc: pc, address: address)
        }
    }

    /// `count` bytes at `address`.
    public func load(_ address: UInt64, count: Int) throws(VMError) -> [UInt8] {
        try checkRange(address, count, pc: 0)
        return Array(UnsafeRawBufferPointer(start: bytes + Int(address), count: count))
    }

    /// A little-endian 64-bit value at `address`.
    public func load64(_ address: UInt64) throws(VMError) -> UInt64 {
        try checkRange(address, 8, pc: 0)
        return UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: Int(address), as: UInt64.self))
    }

    /// One byte at `address`.
    public func load8(_ address: UInt64) throws(VMError) -> UInt8 {
        try checkRange(address, 1, pc: 0)
        return bytes.load(fromByteOffset: Int(address), as: UInt8.self)
    }

    /// Writes `data` at `address` (all pages must be writable).
    public func store(_ address: UInt64, _ data: some Collection<UInt8>) throws(VMError) {
        try checkWritable(address, data.count, pc: 0)
        var offset = Int(address)
        for byte in data {
            bytes.storeBytes(of: byte, toByteOffset: offset, as: UInt8.self)
            offset += 1
        }
    }

    /// Writes a little-endian 64-bit value at `address`.
    public func store64(_ address: UInt64, _ value: UInt64) throws(VMError) {
        try checkWritable(address, 8, pc: 0)
        bytes.storeBytes(of: value.littleEndian, toByteOffset: Int(address), as: UInt64.self)
    }

    /// ``initPages(_:size:flags:source:offset:)`` with the content as an array.
    public func initPages(_ address: UInt64, size: UInt64, flags newFlags: UInt8, content: [UInt8], offset: UInt64) throws(VMError) {
        var failure: VMError?
        content.withUnsafeBytes { raw in
            do throws(VMError) {
                try initPages(address, size: size, flags: newFlags, source: raw, offset: offset)
            } catch {
                failure = error
            }
        }
        if let failure { throw failure }
    }

    /// Initialises whole pages: zeros, then `source` at `address + offset`, then zeros, and
    /// sets the pages' flags (CKB-VM `init_pages`).
    ///
    /// - Throws: `MemPageUnalignedAccess` unless `address` and `size` are page multiples;
    ///   `MemOutOfBound` outside memory or when `offset > size`; `MemWriteOnFreezedPage` when
    ///   any page is frozen.
    public func initPages(
        _ address: UInt64, size: UInt64, flags newFlags: UInt8, source: UnsafeRawBufferPointer?, offset: UInt64
    ) throws(VMError) {
        let mask = UInt64(Memory.pageSize - 1)
        guard address & mask == 0, size & mask == 0 else {
            throw .memoryPageUnalignedAccess(address: address & mask == 0 ? size : address)
        }
        let limit = UInt64(Memory.size)
        guard address <= limit, size <= limit, address + size <= limit, offset <= size else {
            throw .memoryOutOfBound(pc: 0, address: address)
        }
        let first = Int(address >> 12)
        let count = Int(size >> 12)
        for page in first..<(first + count) where flags[page] & Memory.frozen != 0 {
            throw .memoryWriteOnFrozenPage(address: UInt64(page) << 12)
        }
        let base = bytes + Int(address)
        memset(base, 0, Int(size))
        if let source, let from = source.baseAddress {
            let copy = min(source.count, Int(size - offset))
            (base + Int(offset)).copyMemory(from: from, byteCount: copy)
        }
        for page in first..<(first + count) { flags[page] = newFlags }
    }
}

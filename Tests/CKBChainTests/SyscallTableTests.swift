import CKBChain
import CKBTestSupport
import CKBVM
import Foundation
import Testing

/// The syscall table of `Docs/Chain.md` ("Syscalls on bad arguments"): one row per syscall and
/// argument case, with CKB's behaviour read from its source (the row's `source`), and one test per
/// row. Each row runs `syscall_probe.S` as the lock of a fixed transaction; the probe makes the
/// row's syscalls with the registers given, checks the results of all but the last, and exits with
/// the last one. A row's extra cycles are measured against a baseline run in which the last
/// syscall is replaced by one known to charge nothing beyond its 500.
@Suite struct SyscallTableTests {
    // MARK: The fixture

    static let input: UInt64 = 1, output: UInt64 = 2, cellDep: UInt64 = 3, headerDep: UInt64 = 4
    static let groupInput: UInt64 = 0x0100_0000_0000_0001, groupOutput: UInt64 = 0x0100_0000_0000_0002
    static let groupCellDep: UInt64 = 0x0100_0000_0000_0003, groupHeaderDep: UInt64 = 0x0100_0000_0000_0004

    /// Where the probe loads its witness; the fixed data area follows the records.
    static let witnessBase: UInt64 = 0x10_0000
    static let data: UInt64 = 0x10_4000
    /// u64 slots in the data area: buffer sizes for partial loading.
    static let len0 = data, len32 = data + 8, len5 = data + 16, lenBig = data + 24
    /// "hello" and two bytes that are not UTF-8, each NUL-terminated.
    static let hello = data + 32, notUTF8 = data + 40
    /// spawn_args {argc 0, argv 0, process id → buffer, fds 0}, and the same with fds → [2, 0].
    static let spawnArgs = data + 48, spawnArgsWithFD = data + 80, fdList = data + 112
    /// A 64 KiB argument and 17 pointers to it (Σ (8 + length) over 1 MiB).
    static let longArgument = data + 0x1000, longArgv = data + 0x12000
    /// Writable scratch memory, executable (and frozen) memory, and the first address past memory.
    static let buffer: UInt64 = 0x18_0000, code: UInt64 = 0x1_0000, outside: UInt64 = 0x40_0000
    static let exit0 = guest("exit0")
    static var exit0Length: UInt64 { UInt64(exit0.count) }

    static func le(_ v: UInt64) -> [UInt8] { (0..<8).map { UInt8(truncatingIfNeeded: v >> (8 * UInt64($0))) } }

    static let dataArea: [UInt8] = {
        var d = le(0) + le(32) + le(5) + le(0x1_0000)
        d += Array("hello".utf8) + [0, 0, 0]       // hello at +32, padded to 8 bytes
        d += [0xFF, 0xFE, 0, 0, 0, 0, 0, 0]          // notUTF8 at +40
        d += le(0) + le(0) + le(buffer) + le(0)      // spawnArgs at +48
        d += le(0) + le(0) + le(buffer) + le(fdList) // spawnArgsWithFD at +80
        d += le(2) + le(0)                           // fdList at +112
        precondition(d.count == 128)
        d += [UInt8](repeating: 0, count: 0x1000 - d.count)
        d += [UInt8](repeating: 0x61, count: 0x1_0000) + [0]  // longArgument
        d += [UInt8](repeating: 0, count: 0x12000 - d.count)
        for _ in 0..<17 { d += le(longArgument) }
        return d
    }()

    struct Record: Sendable {
        var number: UInt64
        var a: [UInt64]  // a0...a5
        var expect: UInt64 = .max
    }

    /// A syscall record: number, then a0...a5.
    static func call(_ number: UInt64, _ a: UInt64..., expect: UInt64 = .max) -> Record {
        Record(number: number, a: a + [UInt64](repeating: 0, count: 6 - a.count), expect: expect)
    }

    /// The probe's witness: the records at 0x100000, the data area at 0x104000.
    static func witness(_ records: [Record]) -> [UInt8] {
        var w = le(UInt64(records.count))
        for r in records { w += r.a.flatMap(le) + le(r.number) + le(r.expect) }
        precondition(w.count <= 0x4000)
        return w + [UInt8](repeating: 0, count: 0x4000 - w.count) + dataArea
    }

    enum Setup: Sendable { case plain, blockExtension }

    /// The transaction every row runs in: the probe is cell dep 0 and the lock of input 0 (whose
    /// data is exit0's ELF, so it can be spawned); cell dep 1 is exit0; output 0 holds [1, 2, 3]
    /// under another lock; header dep 0 is a block the input was not committed in; witness 0 is
    /// the probe's, witness 1 is "witness1".
    static func transaction(_ records: [Record], version: Int, setup: Setup) -> ResolvedTransaction {
        var b = TxBuilder()
        let hashType: ScriptHashType = [.data, .data1, .data2][version]
        let lock = b.code(guest("syscall_probe"), hashType: hashType)
        _ = b.code(exit0, hashType: .data1)
        b.input(lock: lock, data: exit0)
        var header = Header()
        header.raw.number = 5
        header.raw.epoch = 0x0A0_0001_000005
        b.headers = [header]
        b.tx.raw.headerDeps = [header.hash]
        var committed = Header()
        committed.raw.number = 4
        b.inputs[0].blockHash = committed.hash
        b.output(lock: VerifierTests.anyone, data: [1, 2, 3])
        b.tx.witnesses = [witness(records), Array("witness1".utf8)]
        var resolved = b.resolved
        if setup == .blockExtension { resolved.extensions[header.hash] = [9, 8, 7, 6, 5] }
        return resolved
    }

    // MARK: Rows

    enum Outcome: Sendable, Equatable {
        /// The syscall returned this code in a0 (or, for `exit`, the script exited with it).
        case returns(Int8)
        /// The script failed with a VM error of this kind.
        case fatal(String)
    }

    struct Row: Sendable, CustomTestStringConvertible {
        let id: String
        let syscall: String
        let argument: String
        let versions: [Int]
        let records: [Record]
        let outcome: Outcome
        /// Cycles the last syscall costs beyond its 500 (nil: not pinned).
        let extra: UInt64?
        /// Where CKB decides it (`script/src/...` unless it says ckb-vm).
        let source: String
        var setup: Setup = .plain
        var testDescription: String { "\(id) \(syscall): \(argument)" }
        /// Whether the last syscall ends the probe's own program.
        var endsTheProbe: Bool { syscall == "exit" || (syscall.hasPrefix("exec") && outcome == .returns(0)) }
    }

    static func row(_ id: String, _ syscall: String, _ argument: String, _ versions: [Int], _ records: [Record],
                    _ outcome: Outcome, extra: UInt64? = 0, _ source: String, setup: Setup = .plain) -> Row {
        Row(id: id, syscall: syscall, argument: argument, versions: versions, records: records, outcome: outcome,
            extra: extra, source: source, setup: setup)
    }

    static let all = [0, 1, 2]
    static let parse = "syscalls/mod.rs `Source::parse_from_u64`"
    static let storeData = "syscalls/utils.rs `store_data`; ckb-vm memory"
    static let ok = Outcome.returns(0), indexOutOfBound = Outcome.returns(1), itemMissing = Outcome.returns(2)
    static let sliceOutOfBound = Outcome.returns(3)

    static let rows: [Row] = {
        let (b, l0, l32, l5, lBig) = (buffer, len0, len32, len5, lenBig)
        let e = exit0Length
        var r: [Row] = []
        // load_cell (2071): a0 addr, a1 len, a2 offset, a3 index, a4 source.
        let cell = "load_cell.rs `fetch_cell`"
        r += [
            row("C1", "load_cell", "source 0", all, [call(2071, b, l0, 0, 0, 0)], .fatal("External"), parse),
            row("C2", "load_cell", "source 5", all, [call(2071, b, l0, 0, 0, 5)], .fatal("External"), parse),
            row("C3", "load_cell", "source 0x0100000000000005", all, [call(2071, b, l0, 0, 0, 0x0100_0000_0000_0005)], .fatal("External"), parse),
            row("C4", "load_cell", "source 0 and index past the end: the source is parsed first", all, [call(2071, b, l0, 0, 99, 0)], .fatal("External"), parse),
            row("C5", "load_cell", "source 0x0200000000000001: any high byte but 0x01 is not a group (Input)", all, [call(2071, b, l0, 0, 0, 0x0200_0000_0000_0001)], ok, parse),
            row("C6", "load_cell", "source 0xff00000000000003 (CellDep)", all, [call(2071, b, l0, 0, 0, 0xFF00_0000_0000_0003)], ok, parse),
            row("C7", "load_cell", "group cell dep", all, [call(2071, b, l0, 0, 0, groupCellDep)], indexOutOfBound, cell),
            row("C8", "load_cell", "group header dep", all, [call(2071, b, l0, 0, 0, groupHeaderDep)], indexOutOfBound, cell),
            row("C9", "load_cell", "header dep", all, [call(2071, b, l0, 0, 0, headerDep)], indexOutOfBound, cell),
            row("C10", "load_cell", "index past the end", all, [call(2071, b, l0, 0, 1, Self.input)], indexOutOfBound, cell),
            row("C11", "load_cell", "index 2^32 (not index 0: `index as usize`)", all, [call(2071, b, l0, 0, 1 << 32, input)], indexOutOfBound, cell),
            row("C12", "load_cell_by_field", "field 7 of a cell that exists", all, [call(2081, b, l0, 0, 0, input, 7)], .fatal("External"), "load_cell.rs `CellField::parse_from_u64`, after the lookup"),
            row("C13", "load_cell_by_field", "field 7, index past the end: the lookup comes first", all, [call(2081, b, l0, 0, 9, input, 7)], indexOutOfBound, cell),
            row("C14", "load_cell_by_field", "TYPE of a cell without a type script", all, [call(2081, b, l32, 0, 0, input, 4)], itemMissing, "load_cell.rs `load_by_field`"),
            row("C15", "load_cell_by_field", "TYPE_HASH of a cell without a type script", all, [call(2081, b, l32, 0, 0, input, 5)], itemMissing, "load_cell.rs `load_by_field`"),
            row("C16", "load_cell_by_field", "CAPACITY into a 5-byte buffer", all, [call(2081, b, l5, 0, 0, input, 0)], ok, extra: 2, "load_cell.rs; ceil(5 / 4)"),
        ]
        // Partial loading, through load_tx_hash (2061): a0 addr, a1 len, a2 offset.
        r += [
            row("P1", "partial loading", "offset past the end", all, [call(2061, b, l32, 40)], ok, storeData),
            row("P2", "partial loading", "*len 0 (a length query)", all, [call(2061, b, l0, 0)], ok, storeData),
            row("P3", "partial loading", "*len 5: 5 bytes copied", all, [call(2061, b, l5, 0)], ok, extra: 2, storeData),
            row("P4", "partial loading", "len pointer outside memory", all, [call(2061, b, outside, 0)], .fatal("MemOutOfBound"), storeData),
            row("P5", "partial loading", "len pointer on an executable page (read, then the write fails)", all, [call(2061, b, code, 0)], .fatal("MemWriteOnExecutablePage"), storeData),
            row("P6", "partial loading", "buffer on an executable page, 32 bytes", all, [call(2061, code, l32, 0)], .fatal("MemWriteOnExecutablePage"), storeData),
            row("P7", "partial loading", "buffer on an executable page, nothing to copy", all, [call(2061, code, l0, 0)], ok, storeData),
            row("P8", "partial loading", "buffer wrapping past 2^64", all, [call(2061, UInt64.max - 15, l32, 0)], .fatal("MemOutOfBound"), storeData),
            row("P9", "partial loading", "buffer outside memory, nothing to copy", all, [call(2061, outside, l0, 0)], ok, storeData),
        ]
        // load_input (2073), load_input_by_field (2083).
        let inputSource = "load_input.rs `fetch_input`"
        r += [
            row("I1", "load_input", "output source", all, [call(2073, b, l0, 0, 0, output)], indexOutOfBound, inputSource),
            row("I2", "load_input", "cell dep source", all, [call(2073, b, l0, 0, 0, cellDep)], indexOutOfBound, inputSource),
            row("I3", "load_input", "header dep source", all, [call(2073, b, l0, 0, 0, headerDep)], indexOutOfBound, inputSource),
            row("I4", "load_input", "group output source", all, [call(2073, b, l0, 0, 0, groupOutput)], indexOutOfBound, inputSource),
            row("I5", "load_input", "index past the end", all, [call(2073, b, l0, 0, 1, input)], indexOutOfBound, inputSource),
            row("I6", "load_input", "index 2^32", all, [call(2073, b, l0, 0, 1 << 32, input)], indexOutOfBound, inputSource),
            row("I7", "load_input_by_field", "field 2 of an input that exists", all, [call(2083, b, l0, 0, 0, input, 2)], .fatal("External"), "load_input.rs `InputField::parse_from_u64`, after the lookup"),
            row("I8", "load_input_by_field", "field 2, index past the end", all, [call(2083, b, l0, 0, 5, input, 2)], indexOutOfBound, inputSource),
            row("I9", "load_input_by_field", "SINCE (8 bytes)", all, [call(2083, b, l32, 0, 0, groupInput, 1)], ok, extra: 2, inputSource),
        ]
        // load_header (2072), load_header_by_field (2082).
        let headerSource = "load_header.rs `fetch_header`"
        r += [
            row("H1", "load_header", "output source", all, [call(2072, b, l0, 0, 0, output)], indexOutOfBound, headerSource),
            row("H2", "load_header", "an input whose block is not a header dep", all, [call(2072, b, l0, 0, 0, input)], itemMissing, headerSource),
            row("H3", "load_header", "header dep index past the end", all, [call(2072, b, l0, 0, 1, headerDep)], indexOutOfBound, headerSource),
            row("H4", "load_header", "group output source", all, [call(2072, b, l0, 0, 0, groupOutput)], indexOutOfBound, headerSource),
            row("H5", "load_header", "group cell dep source", all, [call(2072, b, l0, 0, 0, groupCellDep)], indexOutOfBound, headerSource),
            row("H6", "load_header", "header dep 0, whole (208 bytes)", all, [call(2072, b, lBig, 0, 0, headerDep)], ok, extra: 52, headerSource),
            row("H7", "load_header_by_field", "field 3 of a header that exists", all, [call(2082, b, l0, 0, 0, headerDep, 3)], .fatal("External"), "load_header.rs `HeaderField::parse_from_u64`, after the lookup"),
            row("H8", "load_header_by_field", "field 3, index past the end", all, [call(2082, b, l0, 0, 4, headerDep, 3)], indexOutOfBound, headerSource),
            row("H9", "load_header_by_field", "EPOCH_NUMBER at offset 8 (partial loading applies)", all, [call(2082, b, l32, 8, 0, headerDep, 0)], ok, headerSource),
        ]
        // load_witness (2074).
        let witnessSource = "load_witness.rs `fetch_witness`"
        r += [
            row("W1", "load_witness", "cell dep source", all, [call(2074, b, l0, 0, 0, cellDep)], indexOutOfBound, witnessSource),
            row("W2", "load_witness", "header dep source", all, [call(2074, b, l0, 0, 0, headerDep)], indexOutOfBound, witnessSource),
            row("W3", "load_witness", "group cell dep source", all, [call(2074, b, l0, 0, 0, groupCellDep)], indexOutOfBound, witnessSource),
            row("W4", "load_witness", "output source, index 1: witnesses[1], though there is one output", all, [call(2074, b, l32, 0, 1, output)], ok, extra: 2, witnessSource),
            row("W5", "load_witness", "output source, index past the witnesses", all, [call(2074, b, l32, 0, 2, output)], indexOutOfBound, witnessSource),
            row("W6", "load_witness", "group output 0 of a group without outputs", all, [call(2074, b, l32, 0, 0, groupOutput)], indexOutOfBound, witnessSource),
            row("W7", "load_witness", "index 2^32", all, [call(2074, b, l32, 0, 1 << 32, input)], indexOutOfBound, witnessSource),
        ]
        // load_cell_data (2092).
        let cellData = "load_cell_data.rs `load_data`; types.rs `DataPieceId::try_from`"
        r += [
            row("D1", "load_cell_data", "header dep source", all, [call(2092, b, l0, 0, 0, headerDep)], indexOutOfBound, cellData),
            row("D2", "load_cell_data", "group cell dep source", all, [call(2092, b, l0, 0, 0, groupCellDep)], indexOutOfBound, cellData),
            row("D3", "load_cell_data", "index 2^32 (`u32::try_from`)", all, [call(2092, b, l0, 0, 1 << 32, input)], indexOutOfBound, cellData),
            row("D4", "load_cell_data", "index past the end", all, [call(2092, b, l0, 0, 2, cellDep)], indexOutOfBound, cellData),
            row("D5", "load_cell_data", "source 0x0200000000000002 (masked to Output)", all, [call(2092, b, l0, 0, 0, 0x0200_0000_0000_0002)], ok, cellData),
            row("D6", "load_cell_data", "*len 0 with the buffer on an executable page: a free query", all, [call(2092, code, l0, 0, 0, output)], ok, cellData),
            row("D7", "load_cell_data", "*len 0 with the len pointer on an executable page", all, [call(2092, b, code, 0, 0, output)], .fatal("MemWriteOnExecutablePage"), cellData),
            row("D8", "load_cell_data", "3 bytes into a 5-byte buffer", all, [call(2092, b, l5, 0, 0, output)], ok, extra: 1, cellData),
        ]
        // load_cell_data_as_code (2091): a0 addr, a1 memory size, a2 content offset, a3 content size, a4 index, a5 source.
        let asCode = "load_cell_data.rs `load_data_as_code`; ckb-vm `init_pages`"
        r += [
            row("A1", "load_cell_data_as_code", "content size 0", all, [call(2091, b, 4096, 0, 0, 1, cellDep)], sliceOutOfBound, asCode),
            row("A2", "load_cell_data_as_code", "content offset + size overflows u64", all, [call(2091, b, 4096, .max, 1, 1, cellDep)], .fatal("MemOutOfBound"), asCode),
            row("A3", "load_cell_data_as_code", "overflow, index past the end: the index comes first", all, [call(2091, b, 4096, .max, 1, 7, cellDep)], indexOutOfBound, asCode),
            row("A4", "load_cell_data_as_code", "content offset at the end", all, [call(2091, b, 4096, e, 1, 1, cellDep)], sliceOutOfBound, asCode),
            row("A5", "load_cell_data_as_code", "content end past the data", all, [call(2091, b, 8192, 0, e + 1, 1, cellDep)], sliceOutOfBound, asCode),
            row("A6", "load_cell_data_as_code", "content size over memory size", all, [call(2091, b, 0, 0, 8, 1, cellDep)], sliceOutOfBound, asCode),
            row("A7", "load_cell_data_as_code", "address not page aligned", all, [call(2091, b + 1, 4096, 0, 8, 1, cellDep)], .fatal("MemPageUnalignedAccess"), asCode),
            row("A8", "load_cell_data_as_code", "memory size not page aligned", all, [call(2091, b, 100, 0, 8, 1, cellDep)], .fatal("MemPageUnalignedAccess"), asCode),
            row("A9", "load_cell_data_as_code", "region past the end of memory", all, [call(2091, 0x3F_F000, 8192, 0, 8, 1, cellDep)], .fatal("MemOutOfBound"), asCode),
            row("A10", "load_cell_data_as_code", "a frozen page (the probe's own code)", all, [call(2091, code, 4096, 0, 8, 1, cellDep)], .fatal("MemWriteOnFreezedPage"), asCode),
            row("A11", "load_cell_data_as_code", "8 bytes into one page: the whole page is charged", all, [call(2091, b, 4096, 0, 8, 1, cellDep)], ok, extra: 1024, asCode),
            row("A12", "load_cell_data_as_code", "header dep source", all, [call(2091, b, 4096, 0, 8, 0, headerDep)], indexOutOfBound, asCode),
            row("A13", "load_cell_data_as_code", "source 0", all, [call(2091, b, 4096, 0, 8, 0, 0)], .fatal("External"), parse),
        ]
        // load_block_extension (2104, VM2).
        let ext = "load_block_extension.rs `fetch_extension`"
        r += [
            row("B1", "load_block_extension", "before VM2", [0, 1], [call(2104, b, l0, 0, 0, headerDep)], .fatal("InvalidEcall"), "syscalls/generator.rs"),
            row("B2", "load_block_extension", "output source", [2], [call(2104, b, l0, 0, 0, output)], indexOutOfBound, ext),
            row("B3", "load_block_extension", "header dep without an extension", [2], [call(2104, b, l0, 0, 0, headerDep)], itemMissing, ext),
            row("B4", "load_block_extension", "header dep index past the end", [2], [call(2104, b, l0, 0, 1, headerDep)], indexOutOfBound, ext),
            row("B5", "load_block_extension", "an input whose block is not a header dep", [2], [call(2104, b, l0, 0, 0, input)], itemMissing, ext),
            row("B6", "load_block_extension", "header dep with a 5-byte extension", [2], [call(2104, b, l32, 0, 0, headerDep)], ok, extra: 2, ext, setup: .blockExtension),
        ]
        // debug (2177), vm_version (2041), current_cycles (2042), exit (93), unknown numbers.
        let debug = "syscalls/debugger.rs"
        r += [
            row("G1", "debug", "\"hello\": a0 is left as it was (the exit code is its low byte)", all, [call(2177, hello)], .returns(Int8(truncatingIfNeeded: hello)), extra: 2, debug),
            row("G2", "debug", "bytes that are not UTF-8: charged, then fatal", all, [call(2177, notUTF8)], .fatal("External"), extra: 1, debug),
            row("G3", "debug", "a string outside memory", all, [call(2177, outside)], .fatal("MemOutOfBound"), debug),
            row("V1", "vm_version", "in VM0", [0], [call(2041)], .fatal("InvalidEcall"), "syscalls/generator.rs"),
            row("V2", "vm_version", "in VM1", [1], [call(2041)], .returns(1), "vm_version.rs"),
            row("V3", "vm_version", "in VM2", [2], [call(2041)], .returns(2), "vm_version.rs"),
            row("V4", "current_cycles", "in VM0", [0], [call(2042)], .fatal("InvalidEcall"), "syscalls/generator.rs"),
            row("V5", "unknown", "syscall 9999", all, [call(9999)], .fatal("InvalidEcall"), "ckb-vm `DefaultMachine::ecall`"),
            row("V6", "exit", "a0 0x100000101: the low byte, as i8", all, [call(93, 0x1_0000_0101)], .returns(1), "ckb-vm `DefaultMachine::ecall`"),
            row("V7", "exit", "a0 255", all, [call(93, 255)], .returns(-1), "ckb-vm `DefaultMachine::ecall`"),
        ]
        // exec (2043): a0 index, a1 source, a2 place, a3 bounds, a4 argc, a5 argv.
        let v1 = "syscalls/exec.rs", v2 = "syscalls/exec_v2.rs; types.rs `DataPieceId::try_from`"
        let v2Load = "scheduler.rs `ExecV2`; types.rs `SgData::load_data`"
        r += [
            row("E1", "exec v1", "in VM0", [0], [call(2043, 1, cellDep)], .fatal("InvalidEcall"), "syscalls/generator.rs"),
            row("E2", "exec v1", "source 0", [1], [call(2043, 1, 0)], .fatal("External"), parse),
            row("E3", "exec v1", "place 2", [1], [call(2043, 1, cellDep, 2)], .fatal("External"), "\(v1) `Place::parse_from_u64`"),
            row("E4", "exec v1", "header dep, place 0", [1], [call(2043, 0, headerDep, 0)], indexOutOfBound, v1),
            row("E5", "exec v1", "group cell dep, place 0", [1], [call(2043, 0, groupCellDep, 0)], indexOutOfBound, v1),
            row("E6", "exec v1", "cell dep, place 1 (witness)", [1], [call(2043, 1, cellDep, 1)], indexOutOfBound, v1),
            row("E7", "exec v1", "index past the end", [1], [call(2043, 5, cellDep, 0)], indexOutOfBound, v1),
            row("E8", "exec v1", "index 2^32", [1], [call(2043, 1 << 32, cellDep, 0)], indexOutOfBound, v1),
            row("E9", "exec v1", "offset at the end", [1], [call(2043, 1, cellDep, 0, e << 32)], sliceOutOfBound, v1),
            row("E10", "exec v1", "length one past the end", [1], [call(2043, 1, cellDep, 0, e + 1)], sliceOutOfBound, v1),
            row("E11", "exec v1", "source 0x0200000000000003 (CellDep): exit0 runs", [1], [call(2043, 1, 0x0200_0000_0000_0003, 0)], ok, extra: 3 + 4 + 502, "\(v1); ceil(10 / 4) + ceil(16 / 4) + exit0's 502"),
            row("E12", "exec v1", "a witness that is not an ELF: WRONG_FORMAT on the reset machine, which then cannot fetch", [1], [call(2043, 1, input, 1)], .fatal("MemWriteOnExecutablePage"), v1),
            row("E13", "exec v1", "17 arguments of 64 KiB (over 1 MiB)", [1], [call(2043, 1, cellDep, 0, 0, 17, longArgv)], .fatal("Unexpected"), "\(v1) `MAX_ARGV_LENGTH`"),
            row("E14", "exec v1", "argv outside memory", [1], [call(2043, 1, cellDep, 0, 0, 1, outside)], .fatal("MemOutOfBound"), v1),
            row("F1", "exec v2", "cell dep, place 1: returned, the script goes on", [2], [call(2043, 1, cellDep, 1)], indexOutOfBound, v2),
            row("F2", "exec v2", "header dep, place 0", [2], [call(2043, 0, headerDep, 0)], indexOutOfBound, v2),
            row("F3", "exec v2", "source 0x0200000000000003 (not masked)", [2], [call(2043, 1, 0x0200_0000_0000_0003, 0)], indexOutOfBound, v2),
            row("F4", "exec v2", "source 0 (not parsed)", [2], [call(2043, 1, 0, 0)], indexOutOfBound, v2),
            row("F5", "exec v2", "place 2 (not parsed)", [2], [call(2043, 1, cellDep, 2)], indexOutOfBound, v2),
            row("F6", "exec v2", "index 2^32", [2], [call(2043, 1 << 32, cellDep, 0)], indexOutOfBound, v2),
            row("F7", "exec v2", "index past the end", [2], [call(2043, 5, cellDep, 0)], .fatal("SnapshotDataLoadError"), extra: nil, v2Load),
            row("F8", "exec v2", "group output witness of a group without outputs", [2], [call(2043, 0, groupOutput, 1)], .fatal("SnapshotDataLoadError"), extra: nil, v2Load),
            row("F9", "exec v2", "length one past the end: clamped, exit0 runs", [2], [call(2043, 1, cellDep, 0, e + 1)], ok, extra: 75_000 + 7 + 502, "\(v2Load); 75,000 + ceil((10 + 16) / 4) + exit0's 502"),
            row("F10", "exec v2", "offset at the end: an empty slice", [2], [call(2043, 1, cellDep, 0, e << 32)], .fatal("ElfParseError"), extra: nil, v2Load),
            row("F11", "exec v2", "a witness that is not an ELF", [2], [call(2043, 1, input, 1)], .fatal("ElfParseError"), extra: nil, v2Load),
            row("F12", "exec v2", "argv outside memory", [2], [call(2043, 1, cellDep, 0, 0, 1, outside)], .fatal("MemOutOfBound"), extra: nil, "scheduler.rs `load_vm_program`"),
        ]
        // spawn (2601): a0 index, a1 source, a2 place, a3 bounds, a4 spawn_args.
        let spawn = "syscalls/spawn.rs", spawned = "scheduler.rs `Spawn`"
        r += [
            row("S1", "spawn family", "before VM2", [0, 1], [call(2601, 0, input, 0, 0, spawnArgs)], .fatal("InvalidEcall"), "syscalls/generator.rs"),
            row("S2", "spawn", "source 0", [2], [call(2601, 0, 0, 0, 0, spawnArgs)], .fatal("External"), parse),
            row("S3", "spawn", "source 0x0200000000000001 (masked to Input): exit0 runs as a child", [2], [call(2601, 0, 0x0200_0000_0000_0001, 0, 0, spawnArgs)], ok, extra: 100_800 + 7 + 502, "\(spawn); 100,000 + 800, the child's 7 + 502"),
            row("S4", "spawn", "cell dep, place 1", [2], [call(2601, 1, cellDep, 1, 0, spawnArgs)], indexOutOfBound, spawn),
            row("S5", "spawn", "place 2^63", [2], [call(2601, 1, cellDep, 1 << 63, 0, spawnArgs)], indexOutOfBound, spawn),
            row("S6", "spawn", "group cell dep", [2], [call(2601, 0, groupCellDep, 0, 0, spawnArgs)], indexOutOfBound, spawn),
            row("S7", "spawn", "index 2^32", [2], [call(2601, 1 << 32, cellDep, 0, 0, spawnArgs)], indexOutOfBound, spawn),
            row("S8", "spawn", "index past the end", [2], [call(2601, 5, cellDep, 0, 0, spawnArgs)], indexOutOfBound, spawn),
            row("S9", "spawn", "index past the end, spawn_args outside memory: the arguments are read first", [2], [call(2601, 5, cellDep, 0, 0, outside)], .fatal("MemOutOfBound"), spawn),
            row("S10", "spawn", "offset at the end", [2], [call(2601, 1, cellDep, 0, e << 32, spawnArgs)], sliceOutOfBound, spawn),
            row("S11", "spawn", "length one past the end", [2], [call(2601, 1, cellDep, 0, e + 1, spawnArgs)], sliceOutOfBound, spawn),
            row("S12", "spawn", "passing fd 2, which the caller does not own", [2], [call(2601, 1, cellDep, 0, 0, spawnArgsWithFD)], .returns(6), extra: 100_800, spawned),
        ]
        // wait, process_id, pipe, read, write, close, inherited_fds.
        let fds = "scheduler.rs `process_message_box`"
        let pipes32 = [Record](repeating: call(2604, b, expect: 0), count: 32)
        r += [
            row("T1", "wait", "a process id never spawned", [2], [call(2602, 5, b)], .returns(5), extra: 800, "wait.rs; \(fds)"),
            row("T2", "wait", "on itself: nothing else can run", [2], [call(2602, 0, b)], .fatal("Unexpected"), extra: 800, "wait.rs; scheduler.rs (deadlock)"),
            row("T3", "process_id", "the root", [2], [call(2603)], ok, "process_id.rs"),
            row("T4", "pipe", "a first pipe", [2], [call(2604, b)], ok, extra: 800, "pipe.rs; \(fds)"),
            row("T5", "pipe", "the 33rd pipe (64 fds open)", [2], pipes32 + [call(2604, b)], .returns(9), extra: 800, "\(fds) `MAX_FDS`"),
            row("T6", "write", "to an even fd (a read end)", [2], [call(2604, b, expect: 0), call(2605, 2, b, l32)], .returns(6), "write.rs, before the yield"),
            row("T7", "read", "from an odd fd (a write end)", [2], [call(2604, b, expect: 0), call(2606, 3, b, l32)], .returns(6), "read.rs, before the yield"),
            row("T8", "read", "from fd 4, never created", [2], [call(2606, 4, b, l32)], .returns(6), extra: 800, fds),
            row("T9", "read", "length pointer outside memory", [2], [call(2604, b, expect: 0), call(2606, 2, b, outside)], .fatal("MemOutOfBound"), "read.rs"),
            row("T10", "write", "after the read end was closed", [2], [call(2604, b, expect: 0), call(2608, 2, expect: 0), call(2605, 3, b, l32)], .returns(7), extra: 800, fds),
            row("T11", "close", "fd 2, never created", [2], [call(2608, 2)], .returns(6), extra: 800, "close.rs; \(fds)"),
            row("T12", "inherited_fds", "the root, capacity 0, buffer outside memory", [2], [call(2607, outside, l0)], ok, extra: 800, "inherited_fd.rs; \(fds)"),
        ]
        return r
    }()

    // MARK: Running a row

    static func run(_ records: [Record], version: Int, setup: Setup) -> GroupResult {
        TransactionVerifier().verify(transaction(records, version: version, setup: setup)).groups[0]
    }

    @Test(arguments: rows)
    func syscall(row: Row) {
        for version in row.versions {
            let result = Self.run(row.records, version: version, setup: row.setup)
            let label = "\(row.id) VM\(version)"
            switch row.outcome {
            case .returns(let code):
                #expect(result.error == nil || result.exitCode == code, "\(label): \(result.error ?? "")")
                #expect(result.exitCode == code, "\(label): exit \(result.exitCode.map(String.init) ?? "-") \(result.error ?? "")")
            case .fatal(let kind):
                #expect(result.error?.hasPrefix(kind) == true, "\(label): \(result.error ?? "exit \(result.exitCode.map(String.init) ?? "-")")")
            }
            guard let extra = row.extra else { continue }
            // The baseline: the last syscall replaced by one that charges nothing, with the same
            // ending (load_witness from a header dep returns 1; load_cell with source 0 is fatal).
            var baseline = row.records
            if row.endsTheProbe {
                // The row's last syscall ends the probe's program (exit, or an exec that runs
                // exit0): the baseline ends it with exit, which charges nothing beyond its 500.
                baseline[baseline.count - 1] = Self.call(93)
            } else if case .fatal = row.outcome {
                baseline[baseline.count - 1] = Self.call(2071, Self.buffer, Self.len0, 0, 0, 0)
            } else {
                baseline[baseline.count - 1] = Self.call(2074, Self.buffer, Self.len0, 0, 0, Self.headerDep)
            }
            let reference = Self.run(baseline, version: version, setup: row.setup)
            #expect(result.cycles == reference.cycles + extra, "\(label): \(Int64(result.cycles) - Int64(reference.cycles)) extra cycles")
        }
    }

    /// The rows as the table in `Docs/Chain.md`; the test fails when the two differ.
    @Test func documentedTableMatchesTheRows() throws {
        let names: [Int8: String] = [0: "SUCCESS", 1: "INDEX_OUT_OF_BOUND", 2: "ITEM_MISSING", 3: "SLICE_OUT_OF_BOUND",
                                     5: "WAIT_FAILURE", 6: "INVALID_FD", 7: "OTHER_END_CLOSED", 9: "MAX_FDS_CREATED"]
        var lines = ["| row | syscall | argument | VM | CKB | extra cycles | CKB source |", "|---|---|---|---|---|---|---|"]
        for row in Self.rows {
            let behaviour: String
            switch row.outcome {
            case .returns(let code):
                if row.syscall == "exit" {
                    behaviour = "exits with \(code)"
                } else if let name = names[code] {
                    behaviour = "a0 = \(code) (\(name))"
                } else {
                    behaviour = "a0 unchanged"
                }
            case .fatal(let kind): behaviour = "fatal `\(kind)`"
            }
            let versions = row.versions == Self.all ? "all" : row.versions.map(String.init).joined(separator: ", ")
            let extra = row.extra.map { String($0) } ?? "—"
            lines.append("| \(row.id) | \(row.syscall) | \(row.argument) | \(versions) | \(behaviour) | \(extra) | \(row.source) |")
        }
        let table = lines.joined(separator: "\n")
        let docs = try String(contentsOf: TestPaths.projectRoot.appendingPathComponent("Docs/Chain.md"), encoding: .utf8)
        let written = FileManager.default.temporaryDirectory.appendingPathComponent("syscall-table.md")
        try table.write(to: written, atomically: true, encoding: .utf8)
        #expect(docs.contains(table), "Docs/Chain.md does not hold the table the rows give; it is written to \(written.path)")
        #expect(Set(Self.rows.map(\.id)).count == Self.rows.count, "row ids repeat")
    }
}

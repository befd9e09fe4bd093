import CKBBytes
import CKBChain
import CKBHash
import CKBJSON
import CKBTestSupport
import CKBVM
import Foundation
import Testing

/// Guest programs shared with the VM tests (Tests/CKBVMTests/Programs).
func guest(_ name: String) -> [UInt8] {
    Array(try! Data(contentsOf: TestPaths.projectRoot.appendingPathComponent("Tests/CKBVMTests/Programs/build/\(name).elf")))
}

/// Builds resolved transactions for tests: code cells as deps, locks by data hash.
struct TxBuilder {
    var tx = Transaction()
    var inputs: [ResolvedCell] = []
    var deps: [ResolvedCell] = []
    var headers: [Header] = []
    var counter: UInt8 = 0

    mutating func outPoint() -> OutPoint {
        counter += 1
        return OutPoint(txHash: Array(repeating: counter, count: 32), index: UInt32(counter))
    }

    /// Adds a code cell dep; returns a script that runs it (by data hash, or by type hash).
    mutating func code(_ program: [UInt8], hashType: ScriptHashType, args: [UInt8] = []) -> Script {
        let point = outPoint()
        var output = CellOutput(capacity: 0, lock: Script(codeHash: Array(repeating: 0, count: 32), hashType: 0, args: []))
        if hashType == .type {
            output.type = Script(codeHash: Array(repeating: 7, count: 32), hashType: 1, args: [counter])
        }
        deps.append(ResolvedCell(outPoint: point, output: output, data: program))
        tx.raw.cellDeps.append(CellDep(outPoint: point, depType: CellDep.code))
        let codeHash = hashType == .type ? output.type!.hash : BlockHashes.dataHash(program)
        return Script(codeHash: codeHash, hashType: hashType.rawValue, args: args)
    }

    mutating func input(lock: Script, type: Script? = nil, capacity: UInt64 = 1_000 * 100_000_000, data: [UInt8] = []) {
        let point = outPoint()
        inputs.append(ResolvedCell(outPoint: point, output: CellOutput(capacity: capacity, lock: lock, type: type), data: data))
        tx.raw.inputs.append(CellInput(since: 0, previousOutput: point))
    }

    mutating func output(lock: Script, type: Script? = nil, capacity: UInt64 = 100 * 100_000_000, data: [UInt8] = []) {
        tx.raw.outputs.append(CellOutput(capacity: capacity, lock: lock, type: type))
        tx.raw.outputsData.append(data)
    }

    var resolved: ResolvedTransaction {
        ResolvedTransaction(transaction: tx, inputs: inputs, cellDeps: deps, headerDeps: headers)
    }
}

/// Loading cost of a program with `filesz` bytes and no arguments (spec/ckb.md §1.5).
func loading(_ filesz: UInt64, _ version: Int) -> UInt64 { (filesz + (version == 0 ? 8 : 16) + 3) / 4 }

@Suite struct VerifierTests {
    static let anyone = Script(codeHash: Array(repeating: 9, count: 32), hashType: 0, args: [])

    @Test(arguments: [(ScriptHashType.data, 0), (.data1, 1), (.data2, 2), (.type, 2)])
    func alwaysSuccessPerHashType(hashType: ScriptHashType, version: Int) {
        var b = TxBuilder()
        let lock = b.code(guest("exit0"), hashType: hashType)
        b.input(lock: lock)
        b.input(lock: lock)  // same lock: one group
        b.output(lock: lock)
        let result = TransactionVerifier().verify(b.resolved)
        #expect(result.ok)
        #expect(result.groups.count == 1)
        #expect(result.groups[0].vmVersion == version)
        // exit0: p_filesz 10; c.li + addi + ecall = 502.
        #expect(result.cycles == loading(10, version) + 502)
    }

    @Test func groupsAreLocksThenTypesSortedByHash() {
        var b = TxBuilder()
        let first = b.code(guest("exit0"), hashType: .data1, args: [1])
        let second = Script(codeHash: first.codeHash, hashType: first.hashType, args: [2])
        let type = Script(codeHash: first.codeHash, hashType: first.hashType, args: [3])
        b.input(lock: second)
        b.input(lock: first)
        b.output(lock: first, type: type)  // a type group with only an output
        let verifier = TransactionVerifier()
        let groups = verifier.groups(b.resolved)
        #expect(groups.map(\.kind) == [.lock, .lock, .type])
        #expect(groups[0].hash.lexicographicallyPrecedes(groups[1].hash))
        #expect(Set(groups.prefix(2).map(\.inputIndices)) == [[0], [1]])
        #expect(groups[2].inputIndices.isEmpty && groups[2].outputIndices == [0])
        let result = verifier.verify(b.resolved)
        #expect(result.ok)
        #expect(result.cycles == 3 * (loading(10, 1) + 502))
    }

    @Test func aFailingLockStopsTheTransaction() {
        var b = TxBuilder()
        let failing = b.code(guest("chain_fail"), hashType: .data1)
        b.input(lock: failing)
        b.output(lock: failing, type: b.code(guest("exit0"), hashType: .data1))
        let result = TransactionVerifier().verify(b.resolved)
        #expect(!result.ok)
        #expect(result.groups.count == 1)  // the type group never runs
        #expect(result.groups[0].exitCode == 1)
        #expect(result.groups[0].error == "ValidationFailure: exit code 1")
        #expect(result.cycles == loading(12, 1) + 2 + 500)
    }

    @Test func missingCodeIsScriptNotFound() {
        var b = TxBuilder()
        b.input(lock: Self.anyone)
        b.output(lock: Self.anyone)
        let result = TransactionVerifier().verify(b.resolved)
        #expect(result.groups.first?.error == "ScriptNotFound")
        #expect(!result.ok)
    }

    /// Syscall cycle charges worked out by hand (chain_costs.S; p_filesz 116): 9 instructions and
    /// load_tx_hash of 32 bytes (1+1+2+1+1+1+2+500 + 8) = 517; a 2-byte partial load (1+2+1+500 + 1)
    /// = 505; a load_cell_data length query, no transfer charged (2+1+1+1+2+500) = 507; the
    /// check and exit (2+1+3+1+1+500) = 508.
    @Test func syscallCycleCharges() {
        var b = TxBuilder()
        let lock = b.code(guest("chain_costs"), hashType: .data1)
        b.input(lock: lock, data: [1, 2, 3, 4, 5])
        b.output(lock: lock)
        let result = TransactionVerifier().verify(b.resolved)
        #expect(result.groups.first?.exitCode == 0)
        #expect(result.cycles == loading(116, 1) + 517 + 505 + 507 + 508)
    }

    /// chain_exec.S (p_filesz 44): 6 addi + li + ecall = 507, then exit0 (p_filesz 10) runs:
    /// exec v1 charges ceil(10/4) + ceil(16/4) = 7; exec v2 charges 75,000 + ceil((10+16)/4) = 7.
    @Test func execReplacesTheProgram() {
        for (hashType, extra) in [(ScriptHashType.data1, UInt64(7)), (.data2, 75_000 + 7)] {
            var b = TxBuilder()
            let lock = b.code(guest("chain_exec"), hashType: hashType)
            _ = b.code(guest("exit0"), hashType: .data1)  // cell dep 1
            b.input(lock: lock)
            b.output(lock: lock)
            let result = TransactionVerifier().verify(b.resolved)
            #expect(result.groups.first?.exitCode == 0, "\(hashType)")
            #expect(result.cycles == loading(44, 1) + 507 + extra + 502, "\(hashType)")
        }
        // VM0 has no exec: InvalidEcall.
        var b = TxBuilder()
        let lock = b.code(guest("chain_exec"), hashType: .data)
        b.input(lock: lock)
        b.output(lock: lock)
        #expect(TransactionVerifier().verify(b.resolved).groups.first?.error?.hasPrefix("InvalidEcall") == true)
    }

    /// chain_syscalls.c checks the syscalls against each other (its own BLAKE2b of load_script and
    /// of load_transaction's raw part, partial loading, length queries, error codes, header fields).
    @Test(arguments: [ScriptHashType.data, .data1, .data2])
    func syscallsAgreeWithEachOther(hashType: ScriptHashType) {
        var b = TxBuilder()
        let lock = b.code(guest("chain_syscalls"), hashType: hashType)
        b.input(lock: lock, data: [1, 2, 3, 4, 5])
        b.output(lock: lock)
        b.tx.witnesses = [WitnessArgs(lock: Array(repeating: 0xAB, count: 65)).molecule]
        var header = Header()
        header.raw.number = 4191
        header.raw.epoch = 0x68D_0288_000002
        b.headers = [header]
        b.tx.raw.headerDeps = [header.hash]
        let result = TransactionVerifier().verify(b.resolved)
        #expect(result.groups.first?.exitCode == 0, "\(hashType): check \(result.groups.first?.exitCode.map(String.init) ?? "-") failed: \(result.groups.first?.error ?? "")")
    }

    @Test func typeIDCreation() throws {
        var b = TxBuilder()
        let lock = b.code(guest("exit0"), hashType: .data1)
        b.input(lock: lock)
        var hasher = CKBHasher()
        hasher.update(b.tx.raw.inputs[0].molecule)
        hasher.update([0, 0, 0, 0, 0, 0, 0, 0])  // the group's first output index, 0
        let typeID = Script(codeHash: TransactionVerifier.typeIDCodeHash, hashType: 1, args: hasher.finalize().bytes)
        b.output(lock: lock, type: typeID, capacity: 106 * 100_000_000)  // 8 + 33 + 65 bytes occupied
        let ok = TransactionVerifier().verify(b.resolved)
        #expect(ok.ok)
        #expect(ok.groups.last?.cycles == 1_000_000)
        var wrong = b
        wrong.tx.raw.outputs[0].type = Script(codeHash: typeID.codeHash, hashType: 1, args: Array(repeating: 1, count: 32))
        #expect(TransactionVerifier().verify(wrong.resolved).groups.last?.exitCode == -3)
        wrong.tx.raw.outputs[0].type = Script(codeHash: typeID.codeHash, hashType: 1, args: [1])
        #expect(TransactionVerifier().verify(wrong.resolved).groups.last?.exitCode == -1)
    }

    @Test func structureAndCapacity() {
        var b = TxBuilder()
        let lock = b.code(guest("exit0"), hashType: .data1)
        b.input(lock: lock, capacity: 100)
        b.output(lock: lock, capacity: 200 * 100_000_000)
        #expect(TransactionVerifier().verify(b.resolved).error?.contains("exceed inputs") == true)
        var small = TxBuilder()
        let lock2 = small.code(guest("exit0"), hashType: .data1)
        small.input(lock: lock2)
        small.output(lock: lock2, capacity: 40 * 100_000_000)  // occupies 8 + 33 + 0 = 41 CKB
        #expect(TransactionVerifier().verify(small.resolved).error?.contains("occupied capacity 4100000000") == true)
        var mismatch = TxBuilder()
        let lock3 = mismatch.code(guest("exit0"), hashType: .data1)
        mismatch.input(lock: lock3)
        mismatch.output(lock: lock3)
        mismatch.tx.raw.outputsData = []
        #expect(TransactionVerifier().verify(mismatch.resolved).error == "1 outputs but 0 outputs_data")
    }

    @Test func cycleLimitIsSharedByTheGroups() {
        var b = TxBuilder()
        let lock = b.code(guest("exit0"), hashType: .data1, args: [1])
        b.input(lock: lock)
        b.input(lock: Script(codeHash: lock.codeHash, hashType: lock.hashType, args: [2]))
        b.output(lock: lock)
        var verifier = TransactionVerifier()
        verifier.maxCycles = 509 + 508  // the second group needs 509
        let result = verifier.verify(b.resolved)
        #expect(result.groups.count == 2)
        #expect(result.groups[1].error == "CyclesExceeded: limit 508")
    }
}

@Suite struct MockTransactionTests {
    /// A mock-transaction document for `b`.
    static func document(_ b: TxBuilder) -> JSON {
        let inputs = JSON.array(zip(b.tx.raw.inputs, b.inputs).map { input, cell in
            .object([("input", RPCJSON.json(input)), ("output", RPCJSON.json(cell.output)),
                     ("data", .string("0x" + Hex.encode(cell.data))), ("header", .null)])
        })
        let deps = JSON.array(zip(b.tx.raw.cellDeps, b.deps).map { dep, cell in
            .object([("cell_dep", RPCJSON.json(dep)), ("output", RPCJSON.json(cell.output)),
                     ("data", .string("0x" + Hex.encode(cell.data)))])
        })
        return .object([("mock_info", .object([("inputs", inputs), ("cell_deps", deps), ("header_deps", .array([]))])),
                        ("tx", RPCJSON.json(b.tx))])
    }

    @Test func roundTripAndVerify() throws {
        var b = TxBuilder()
        let lock = b.code(guest("exit0"), hashType: .data2)
        b.input(lock: lock)
        b.output(lock: lock)
        let resolved = try MockTransaction.resolve(try JSON.parse(Self.document(b).serialized))
        #expect(resolved.transaction == b.tx)
        #expect(TransactionVerifier().verify(resolved).cycles == loading(10, 2) + 502)
        // Writing the document back and reading it again gives the same resolution.
        let again = try MockTransaction.resolve(try JSON.parse(MockTransaction.json(resolved).serialized))
        #expect(again.transaction == resolved.transaction)
        #expect(again.inputs == resolved.inputs && again.cellDeps == resolved.cellDeps)
    }

    @Test func missingOutPointIsNamed() throws {
        var b = TxBuilder()
        let lock = b.code(guest("exit0"), hashType: .data2)
        b.input(lock: lock)
        b.output(lock: lock)
        var document = Self.document(b)
        if case .object(var members) = document, case .object(var info) = members[0].value {
            info[0].value = .array([])
            members[0].value = .object(info)
            document = .object(members)
        }
        #expect(throws: ResolutionError.self) { try MockTransaction.resolve(document) }
        do {
            _ = try MockTransaction.resolve(document)
        } catch {
            #expect("\(error)".contains("input 0: out point 0x0202"))
        }
    }

    @Test func depGroupsExpandInPlace() throws {
        var b = TxBuilder()
        let lock = b.code(guest("exit0"), hashType: .data1)
        // Replace the code dep by a dep group that lists it.
        let codeCell = b.deps[0]
        let groupPoint = b.outPoint()
        let group = ResolvedCell(outPoint: groupPoint, output: codeCell.output, data: Molecule.fixvec([codeCell.outPoint.molecule]))
        b.tx.raw.cellDeps = [CellDep(outPoint: groupPoint, depType: CellDep.depGroup)]
        b.input(lock: lock)
        b.output(lock: lock)
        let resolved = try MockTransaction.resolve(
            b.tx, cells: [b.tx.raw.inputs[0].previousOutput: b.inputs[0]],
            depCells: [groupPoint: group, codeCell.outPoint: codeCell], headers: [:])
        #expect(resolved.cellDeps.map(\.outPoint) == [codeCell.outPoint])
        #expect(TransactionVerifier().verify(resolved).ok)
    }
}

/// One decoded instruction, 16 bytes, trivially copyable: the unit the interpreter caches and
/// dispatches on.
///
/// ```
///  byte  0      1    2     3     4       5    6    7     8 ... 11   12 ... 15
///       +------+----+-----+-----+-------+----+----+-----+----------+----------+
///       |  op  | rd | rs1 | rs2 | length| r3 | r4 | --- |   imm    |  cycles  |
///       +------+----+-----+-----+-------+----+----+-----+----------+----------+
/// ```
///
/// `length` is the number of bytes the instruction (or fused sequence) occupies, so the next
/// pc is `pc + length`; `n` is how many RISC-V instructions it stands for (1, or the length of
/// a fused sequence), for counting retired instructions. `r3` and `r4` name the extra registers of fused sequences. `imm` is
/// sign-extended when used; every immediate, fused ones included, fits 32 bits.
public struct Instruction: Sendable, Equatable, CustomStringConvertible {
    public var op: Opcode
    public var rd: UInt8
    public var rs1: UInt8
    public var rs2: UInt8
    public var length: UInt8
    public var r3: UInt8
    public var r4: UInt8
    /// RISC-V instructions this stands for.
    public var count: UInt8 = 1
    public var imm: Int32
    public var cycles: UInt32

    public init(_ op: Opcode, rd: UInt8 = 0, rs1: UInt8 = 0, rs2: UInt8 = 0, imm: Int32 = 0,
                length: UInt8, r3: UInt8 = 0, r4: UInt8 = 0) {
        self.op = op
        self.rd = rd
        self.rs1 = rs1
        self.rs2 = rs2
        self.length = length
        self.r3 = r3
        self.r4 = r4
        self.imm = imm
        self.cycles = op.cycles
    }

    static let unloaded = Instruction(.unloaded, length: 0)

    public var description: String {
        var text = "\(op) rd=x\(rd) rs1=x\(rs1) rs2=x\(rs2) imm=\(imm) len=\(length)"
        if op.isFused { text += " r3=x\(r3) r4=x\(r4) n=\(count)" }
        return text
    }
}

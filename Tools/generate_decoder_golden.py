#!/usr/bin/env python3
"""Writes Tests/CKBVMTests/DecoderGolden.swift: encodings in, fields out.

    python3 Tools/generate_decoder_golden.py          # rewrite the table
    python3 Tools/generate_decoder_golden.py --check  # exit 1 if it differs

The encodings come from the Swift toolchain's clang (the LLVM RISC-V assembler) assembling one
line per instruction; the expected fields come from the assembly text itself, parsed here, so
the table does not depend on the decoder it tests. Compressed forms are listed with the 32-bit
instruction they expand to (RISC-V C extension, table 16.5-16.7).
"""

import os
import re
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from generated import write_or_check  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUTPUT = "Tests/CKBVMTests/DecoderGolden.swift"

ABI = {"zero": 0, "ra": 1, "sp": 2, "gp": 3, "tp": 4, "t0": 5, "t1": 6, "t2": 7, "s0": 8, "s1": 9,
       "a0": 10, "a1": 11, "a2": 12, "a3": 13, "a4": 14, "a5": 15, "a6": 16, "a7": 17,
       "s2": 18, "s3": 19, "s4": 20, "s5": 21, "s6": 22, "s7": 23, "s8": 24, "s9": 25, "s10": 26,
       "s11": 27, "t3": 28, "t4": 29, "t5": 30, "t6": 31}

# mnemonic -> (opcode name, operand shape)
R = "r"        # rd, rs1, rs2
I = "i"        # rd, rs1, imm
U1 = "u1"      # rd, rs1 (unary, imm 0)
L = "load"     # rd, imm(rs1)
S = "store"    # rs2, imm(rs1)
B = "branch"   # rs1, rs2, offset
UP = "upper"   # rd, imm20 (imm = imm20 << 12, sign-extended)
J = "jal"      # rd, offset
JR = "jalr"    # rd, imm(rs1)
N = "none"

INSTRUCTIONS = [
    ("lui a0, 0x12345", "lui", UP), ("lui t6, 0xfffff", "lui", UP), ("auipc a1, 0x80000", "auipc", UP),
    ("jal ra, 2048", "jal", J), ("jal zero, -4", "jal", J), ("jalr a0, -12(a1)", "jalr", JR),
    ("beq a0, a1, 16", "beq", B), ("bne t0, t1, -4096", "bne", B), ("blt a2, a3, 4094", "blt", B),
    ("bge s0, s1, 8", "bge", B), ("bltu a4, a5, -2", "bltu", B), ("bgeu t2, t3, 12", "bgeu", B),
    ("lb a0, -2048(a1)", "lb", L), ("lh a0, 2047(a1)", "lh", L), ("lw a0, 4(sp)", "lw", L),
    ("ld t0, -8(t1)", "ld", L), ("lbu a0, 1(a1)", "lbu", L), ("lhu a0, 2(a1)", "lhu", L), ("lwu a0, 4(a1)", "lwu", L),
    ("sb a2, -1(a1)", "sb", S), ("sh a2, 2(a1)", "sh", S), ("sw a2, -2048(a1)", "sw", S), ("sd a2, 2040(sp)", "sd", S),
    ("addi a0, a1, -2048", "addi", I), ("slti a0, a1, 5", "slti", I), ("sltiu a0, a1, -1", "sltiu", I),
    ("xori a0, a1, 255", "xori", I), ("ori a0, a1, -256", "ori", I), ("andi a0, a1, 1", "andi", I),
    ("slli a0, a1, 63", "slli", I), ("srli a0, a1, 1", "srli", I), ("srai a0, a1, 40", "srai", I),
    ("add a0, a1, a2", "add", R), ("sub a0, a1, a2", "sub", R), ("sll a0, a1, a2", "sll", R),
    ("slt a0, a1, a2", "slt", R), ("sltu a0, a1, a2", "sltu", R), ("xor a0, a1, a2", "xor", R),
    ("srl a0, a1, a2", "srl", R), ("sra a0, a1, a2", "sra", R), ("or a0, a1, a2", "or", R), ("and a0, a1, a2", "and", R),
    ("addiw a0, a1, -1", "addiw", I), ("slliw a0, a1, 31", "slliw", I), ("srliw a0, a1, 7", "srliw", I),
    ("sraiw a0, a1, 0", "sraiw", I), ("addw a0, a1, a2", "addw", R), ("subw a0, a1, a2", "subw", R),
    ("sllw a0, a1, a2", "sllw", R), ("srlw a0, a1, a2", "srlw", R), ("sraw a0, a1, a2", "sraw", R),
    ("fence", "fence", N), ("fence.i", "fencei", N), ("ecall", "ecall", N), ("ebreak", "ebreak", N),
    ("mul a0, a1, a2", "mul", R), ("mulh a0, a1, a2", "mulh", R), ("mulhsu a0, a1, a2", "mulhsu", R),
    ("mulhu a0, a1, a2", "mulhu", R), ("div a0, a1, a2", "div", R), ("divu a0, a1, a2", "divu", R),
    ("rem a0, a1, a2", "rem", R), ("remu a0, a1, a2", "remu", R), ("mulw a0, a1, a2", "mulw", R),
    ("divw a0, a1, a2", "divw", R), ("divuw a0, a1, a2", "divuw", R), ("remw a0, a1, a2", "remw", R),
    ("remuw a0, a1, a2", "remuw", R),
    ("add.uw a0, a1, a2", "adduw", R), ("sh1add a0, a1, a2", "sh1add", R), ("sh2add a0, a1, a2", "sh2add", R),
    ("sh3add a0, a1, a2", "sh3add", R), ("sh1add.uw a0, a1, a2", "sh1adduw", R), ("sh2add.uw a0, a1, a2", "sh2adduw", R),
    ("sh3add.uw a0, a1, a2", "sh3adduw", R), ("slli.uw a0, a1, 33", "slliuw", I),
    ("andn a0, a1, a2", "andn", R), ("orn a0, a1, a2", "orn", R), ("xnor a0, a1, a2", "xnor", R),
    ("clz a0, a1", "clz", U1), ("clzw a0, a1", "clzw", U1), ("ctz a0, a1", "ctz", U1), ("ctzw a0, a1", "ctzw", U1),
    ("cpop a0, a1", "cpop", U1), ("cpopw a0, a1", "cpopw", U1), ("max a0, a1, a2", "max", R),
    ("maxu a0, a1, a2", "maxu", R), ("min a0, a1, a2", "min", R), ("minu a0, a1, a2", "minu", R),
    ("sext.b a0, a1", "sextb", U1), ("sext.h a0, a1", "sexth", U1), ("zext.h a0, a1", "zexth", "zexth"),
    ("rol a0, a1, a2", "rol", R), ("rolw a0, a1, a2", "rolw", R), ("ror a0, a1, a2", "ror", R),
    ("rori a0, a1, 63", "rori", I), ("roriw a0, a1, 31", "roriw", I), ("rorw a0, a1, a2", "rorw", R),
    ("orc.b a0, a1", "orcb", U1), ("rev8 a0, a1", "rev8", U1),
    ("clmul a0, a1, a2", "clmul", R), ("clmulh a0, a1, a2", "clmulh", R), ("clmulr a0, a1, a2", "clmulr", R),
    ("bclr a0, a1, a2", "bclr", R), ("bclri a0, a1, 63", "bclri", I), ("bext a0, a1, a2", "bext", R),
    ("bexti a0, a1, 5", "bexti", I), ("binv a0, a1, a2", "binv", R), ("binvi a0, a1, 0", "binvi", I),
    ("bset a0, a1, a2", "bset", R), ("bseti a0, a1, 32", "bseti", I),
]

# Compressed forms: (assembly, expanded opcode, rd, rs1, rs2, imm) with fields written out.
COMPRESSED = [
    ("c.addi4spn a0, sp, 1020", "addi", "a0", "sp", "zero", 1020),
    ("c.lw a0, 124(a1)", "lw", "a0", "a1", "zero", 124),
    ("c.ld s0, 248(s1)", "ld", "s0", "s1", "zero", 248),
    ("c.sw a2, 4(a3)", "sw", "zero", "a3", "a2", 4),
    ("c.sd a4, 8(a5)", "sd", "zero", "a5", "a4", 8),
    ("c.nop", "addi", "zero", "zero", "zero", 0),
    ("c.addi a0, -32", "addi", "a0", "a0", "zero", -32),
    ("c.addiw t0, 31", "addiw", "t0", "t0", "zero", 31),
    ("c.li a1, -1", "addi", "a1", "zero", "zero", -1),
    ("c.addi16sp sp, -512", "addi", "sp", "sp", "zero", -512),
    ("c.addi16sp sp, 496", "addi", "sp", "sp", "zero", 496),
    ("c.lui t1, 0xfffe0", "lui", "t1", "zero", "zero", -0x20000),
    ("c.lui t1, 31", "lui", "t1", "zero", "zero", 31 << 12),
    ("c.srli s0, 63", "srli", "s0", "s0", "zero", 63),
    ("c.srai s1, 1", "srai", "s1", "s1", "zero", 1),
    ("c.andi a2, -1", "andi", "a2", "a2", "zero", -1),
    ("c.sub a0, a1", "sub", "a0", "a0", "a1", 0),
    ("c.xor a0, a1", "xor", "a0", "a0", "a1", 0),
    ("c.or a0, a1", "or", "a0", "a0", "a1", 0),
    ("c.and a0, a1", "and", "a0", "a0", "a1", 0),
    ("c.subw a0, a1", "subw", "a0", "a0", "a1", 0),
    ("c.addw a0, a1", "addw", "a0", "a0", "a1", 0),
    ("c.j -2048", "jal", "zero", "zero", "zero", -2048),
    ("c.j 2046", "jal", "zero", "zero", "zero", 2046),
    ("c.beqz s0, -256", "beq", "zero", "s0", "zero", -256),
    ("c.bnez a5, 254", "bne", "zero", "a5", "zero", 254),
    ("c.slli t2, 63", "slli", "t2", "t2", "zero", 63),
    ("c.lwsp a0, 252(sp)", "lw", "a0", "sp", "zero", 252),
    ("c.ldsp ra, 504(sp)", "ld", "ra", "sp", "zero", 504),
    ("c.jr t0", "jalr", "zero", "t0", "zero", 0),
    ("c.mv a0, a1", "add", "a0", "zero", "a1", 0),
    ("c.ebreak", "ebreak", "zero", "zero", "zero", 0),
    ("c.jalr a1", "jalr", "ra", "a1", "zero", 0),
    ("c.add s0, s1", "add", "s0", "s0", "s1", 0),
    ("c.swsp a0, 252(sp)", "sw", "zero", "sp", "a0", 252),
    ("c.sdsp s11, 504(sp)", "sd", "zero", "sp", "s11", 504),
]


def reg(name):
    return ABI[name.strip()]


def sext(value, bits):
    value &= (1 << bits) - 1
    return value - (1 << bits) if value >> (bits - 1) else value


def fields(text, shape):
    mnemonic, _, rest = text.partition(" ")
    ops = [o.strip() for o in rest.split(",")] if rest else []
    if shape == R:
        return reg(ops[0]), reg(ops[1]), reg(ops[2]), 0
    if shape == I:
        return reg(ops[0]), reg(ops[1]), 0, int(ops[2], 0)
    if shape in (U1, "zexth"):
        return reg(ops[0]), reg(ops[1]), 0, 0
    if shape in (L, JR):
        offset, base = re.match(r"(-?\w+)\((\w+)\)", ops[1]).groups()
        return reg(ops[0]), reg(base), 0, int(offset, 0)
    if shape == S:
        offset, base = re.match(r"(-?\w+)\((\w+)\)", ops[1]).groups()
        return 0, reg(base), reg(ops[0]), int(offset, 0)
    if shape == B:
        return 0, reg(ops[0]), reg(ops[1]), int(ops[2], 0)
    if shape == UP:
        return reg(ops[0]), 0, 0, sext(int(ops[1], 0) << 12, 32)
    if shape == J:
        return reg(ops[0]), 0, 0, int(ops[1], 0)
    return 0, 0, 0, 0


def assemble(lines, compressed_from):
    """Encodings of each line (one instruction per line) by clang's assembler. Lines before
    `compressed_from` are assembled with compression off, so each keeps its 32-bit form."""
    with tempfile.TemporaryDirectory() as tmp:
        source = os.path.join(tmp, "golden.S")
        obj = os.path.join(tmp, "golden.o")
        with open(source, "w") as f:
            f.write(".option norelax\n.option norvc\n")
            for index, line in enumerate(lines):
                if index == compressed_from:
                    f.write(".option rvc\n")
                f.write(f"  {line}\n")
        subprocess.run(["clang", "--target=riscv64-unknown-elf", "-march=rv64imc_zba_zbb_zbc_zbs", "-c",
                        source, "-o", obj], check=True)
        dump = subprocess.run(["llvm-objdump", "-d", obj], check=True,
                              capture_output=True, text=True).stdout
    words = []
    for line in dump.splitlines():
        m = re.match(r"\s+[0-9a-f]+:\s+((?:[0-9a-f]{2} )+)", line)
        if m:
            data = bytes.fromhex(m.group(1).replace(" ", ""))
            words.append(int.from_bytes(data, "little"))
    if len(words) != len(lines):
        raise SystemExit(f"assembled {len(words)} instructions for {len(lines)} lines")
    return words


def main():
    full = [text for text, _, _ in INSTRUCTIONS]
    compressed = [c[0] for c in COMPRESSED]
    words = assemble(full + compressed, len(full))
    rows = []
    for (text, op, shape), word in zip(INSTRUCTIONS, words):
        rd, rs1, rs2, imm = fields(text, shape)
        rows.append((word, 4, text, op, rd, rs1, rs2, imm))
    for (text, op, rd, rs1, rs2, imm), word in zip(COMPRESSED, words[len(full):]):
        if word > 0xFFFF:
            raise SystemExit(f"{text} did not assemble to a compressed instruction")
        rows.append((word, 2, text, op, reg(rd), reg(rs1), reg(rs2), imm))
    out = ["// Generated by Tools/generate_decoder_golden.py - do not edit.",
           "// Encodings from clang's RISC-V assembler; fields from the assembly text.", "",
           "import CKBVM", "",
           "/// (bits, length, assembly, opcode, rd, rs1, rs2, imm)",
           "let decoderGolden: [(UInt32, UInt8, String, Opcode, UInt8, UInt8, UInt8, Int32)] = ["]
    for word, length, text, op, rd, rs1, rs2, imm in rows:
        out.append(f'    (0x{word:08x}, {length}, "{text}", .{op}, {rd}, {rs1}, {rs2}, {imm}),')
    out.append("]")
    write_or_check(ROOT, {OUTPUT: "\n".join(out) + "\n"}, "the decoder golden table differs from Tools/generate_decoder_golden.py")


if __name__ == "__main__":
    main()

import CKBJSON
import Testing

@Suite struct JSONParseTests {
    @Test func parsesEveryKindOfValue() throws {
        let json = try JSON.parse(#" { "a": [1, -2.5e+3, 0, true, false, null], "b": "x\"\\\/\b\f\n\r\t\u00e9\ud83d\ude00", "c": {} } "#)
        #expect(json["a"] == .array([.number("1"), .number("-2.5e+3"), .number("0"), .bool(true), .bool(false), .null]))
        #expect(json["b"]?.stringValue == "x\"\\/\u{8}\u{c}\n\r\té😀")
        #expect(json["c"] == .object([]))
        #expect(json["missing"] == nil)
        #expect(json["a"]?.arrayValue?[0].intValue == 1)
    }

    @Test func keepsBigIntegersExactly() throws {
        let json = try JSON.parse("[340282366920938463463374607431768211455, 18446744073709551615]")
        #expect(json.arrayValue?[0] == .number("340282366920938463463374607431768211455"))
        #expect(json.arrayValue?[0].uint64Value == nil)
        #expect(json.arrayValue?[1].uint64Value == UInt64.max)
    }

    @Test func keepsMemberOrder() throws {
        let json = try JSON.parse(#"{"z": 1, "a": 2, "m": 3}"#)
        #expect(json.objectValue?.map(\.key) == ["z", "a", "m"])
    }

    @Test(arguments: [
        ("", 0, "unexpected end of input"),
        ("[1,]", 3, "expected a value"),
        ("[1 2]", 3, "expected ',' or ']'"),
        ("{\"a\" 1}", 5, "expected ':'"),
        ("{\"a\": 1, \"a\": 2}", 9, "duplicate object key"),
        ("01", 0, "invalid number"),
        ("1.", 0, "invalid number"),
        ("-", 0, "invalid number"),
        ("1e", 0, "invalid number"),
        ("\"\\x\"", 1, "invalid escape"),
        ("\"\\ud800\"", 1, "invalid \\u escape"),
        ("\"\\udc00\"", 1, "invalid \\u escape"),
        ("\"a\nb\"", 2, "unescaped control character"),
        ("\"abc", 4, "unexpected end of input"),
        ("tru", 0, "unexpected end of input"),
        ("nul!", 3, "unexpected '!'"),
        ("[] []", 3, "unexpected content after"),
        ("{1: 2}", 1, "expected a string key"),
        ("'a'", 0, "expected a value"),
    ])
    func rejectsMalformedTextWithPosition(text: String, offset: Int, message: String) {
        do {
            _ = try JSON.parse(text)
            Issue.record("accepted \(text)")
        } catch {
            #expect(error.offset == offset, "\(text): \(error)")
            #expect(error.description.contains(message), "\(text): \(error)")
        }
    }

    @Test func reportsLineAndColumn() {
        do {
            _ = try JSON.parse("{\n  \"a\": 1,\n  \"b\": ?\n}")
            Issue.record("accepted")
        } catch {
            #expect(error.line == 3)
            #expect(error.column == 8)
        }
    }

    @Test func rejectsInvalidUTF8InStrings() {
        #expect(throws: JSONError.self) { try JSON.parse([0x22, 0xFF, 0x22]) }
    }

    @Test func boundsNestingAndSize() {
        let deep = String(repeating: "[", count: 200) + String(repeating: "]", count: 200)
        #expect(throws: JSONError.self) { try JSON.parse(deep) }
        #expect((try? JSON.parse(deep, limits: .init(maximumDepth: 200))) != nil)
        #expect(throws: JSONError.self) { try JSON.parse("[1, 2, 3]", limits: .init(maximumByteCount: 4)) }
    }

    /// Random and mutated inputs: every outcome is a value or a typed error, never a crash.
    @Test func randomInputsNeverCrash() {
        var state: UInt64 = 0x1234_5678
        func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 33
        }
        let seed = Array(#"{"a": [1, 2.5, "x\u0041", true, null, {"b": -0.1e5}], "c": "\ud83d\ude00"}"#.utf8)
        let alphabet = Array(#"{}[]":,.-+eE0123456789tfnul\ "#.utf8)
        var parsed = 0
        for round in 0..<20_000 {
            var bytes = seed
            if round % 2 == 0 {
                for _ in 0..<(1 + Int(next() % 4)) {
                    let position = Int(next() % UInt64(bytes.count))
                    switch next() % 3 {
                    case 0: bytes[position] = alphabet[Int(next() % UInt64(alphabet.count))]
                    case 1: bytes.remove(at: position)
                    default: bytes.insert(UInt8(truncatingIfNeeded: next()), at: position)
                    }
                }
            } else {
                bytes = (0..<Int(next() % 40)).map { _ in alphabet[Int(next() % UInt64(alphabet.count))] }
            }
            if (try? JSON.parse(bytes)) != nil { parsed += 1 }
        }
        #expect(parsed > 0)
    }
}

@Suite struct JSONWriteTests {
    @Test func serializedTextParsesBackToTheSameValue() throws {
        let value = JSON.object([
            ("s", .string("quote \" backslash \\ newline \n tab \t control \u{1} é")),
            ("n", .int(-42)), ("a", .array([.null, .bool(true)])), ("o", .object([])),
        ])
        #expect(try JSON.parse(value.serialized) == value)
    }
}

import CKBBytes
import CKBDKIM
import CKBHash
import CKBRSA
import CKBJSON

/// A vector file read into cases.
public struct VectorFile: Sendable {
    public let path: String
    /// Short name of the recognised format (`nist-rsp`, `wycheproof`, `ckbcrypto-vectors/1`, ...).
    public let format: String
    public let cases: [VectorCase]
}

/// The formats the runner recognises. Each reader returns `nil` when the file is not in its
/// format, and throws ``VectorError`` when it is but something in it is wrong.
///
/// | format | recognised by |
/// |---|---|
/// | `nist-rsp` | `Len =` / `Msg =` / `MD =` records, or `Seed =` / `COUNT =` / `MD =` (Monte Carlo) |
/// | `blake2-kat-text` | `in:` / `key:` / `hash:` records (BLAKE2 `testvectors/*-kat.txt`) |
/// | `blake2-kat-json` | a JSON array of `{hash, in, key, out}` (BLAKE2 `blake2-kat.json`) |
/// | `rfc7693-json` | an object with `appendix_a` / `appendix_e` |
/// | `hash-cases-json` | an object with `cases` of `{input_hex, digest or output}` and optional `params` |
/// | `eaglesong-text` | `Input =` / `Output =` pairs in a file that names Eaglesong |
/// | `wycheproof` | an object with `algorithm` and `testGroups` |
/// | `ckbcrypto-vectors/1` | an object with `"format": "ckbcrypto-vectors/1"` (this project's own) |
public enum VectorFormats {
    /// Reads `bytes` (the contents of `path`) as a vector file, or returns `nil` when the file is
    /// in none of the recognised formats.
    public static func read(path: String, bytes: [UInt8]) throws(VectorError) -> VectorFile? {
        let name = baseName(path).lowercased()
        if name.hasSuffix(".json") {
            let json: JSON
            do {
                json = try JSON.parse(bytes)
            } catch {
                throw VectorError(path: path, kind: .malformed(error.description))
            }
            var reader = Reader(path: path)
            return try reader.json(json, name: name)
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            if name.hasSuffix(".txt") || name.hasSuffix(".rsp") {
                throw VectorError(path: path, kind: .malformed("not UTF-8 text"))
            }
            return nil
        }
        var reader = Reader(path: path)
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" })
        if let file = try reader.nist(lines, name: name) { return file }
        if let file = try reader.blake2Text(lines, name: name) { return file }
        if let file = try reader.eaglesongText(lines, name: name, text: text) { return file }
        return nil
    }

    static func baseName(_ path: String) -> String {
        path.split(separator: "/").last.map(String.init) ?? path
    }
}

/// Shared helpers for the readers: hex fields and errors that name the place.
private struct Reader {
    let path: String

    func malformed(_ reason: String) -> VectorError {
        VectorError(path: path, kind: .malformed(reason))
    }

    func hex(_ text: some StringProtocol, _ place: String) throws(VectorError) -> [UInt8] {
        do {
            return try Hex.decode(text.trimmingSpaces())
        } catch {
            throw malformed("\(place): \(error)")
        }
    }

    func string(_ json: JSON, _ key: String, _ place: String) throws(VectorError) -> String {
        guard let value = json[key] else { throw malformed("\(place): missing \"\(key)\"") }
        guard let text = value.stringValue else { throw malformed("\(place): \"\(key)\" is a \(value.typeName), not a string") }
        return text
    }

    func hexField(_ json: JSON, _ key: String, _ place: String) throws(VectorError) -> [UInt8] {
        try hex(try string(json, key, place), "\(place) \"\(key)\"")
    }

    func int(_ json: JSON, _ key: String, _ place: String) throws(VectorError) -> Int {
        guard let value = json[key] else { throw malformed("\(place): missing \"\(key)\"") }
        guard let number = value.intValue else { throw malformed("\(place): \"\(key)\" is not an integer") }
        return number
    }

    func expectation(_ json: JSON, _ place: String) throws(VectorError) -> VectorCase.Expectation {
        guard let value = json["result"] else { return .valid }
        guard let text = value.stringValue, let result = VectorCase.Expectation(rawValue: text) else {
            throw malformed("\(place): \"result\" must be \"valid\", \"invalid\" or \"acceptable\"")
        }
        return result
    }

    // MARK: NIST CAVP .rsp (SHAVS)

    mutating func nist(_ lines: [Substring], name: String) throws(VectorError) -> VectorFile? {
        let fields = lines.enumerated().compactMap { (index, line) -> (line: Int, key: String, value: String)? in
            let trimmed = line.trimmingSpaces()
            guard !trimmed.hasPrefix("#"), let eq = trimmed.firstIndex(of: "=") else { return nil }
            let key = trimmed[..<eq].trimmingSpaces()
            return (index + 1, String(key), String(trimmed[trimmed.index(after: eq)...].trimmingSpaces()))
        }
        let keys = Set(fields.map(\.key))
        let isShortLong = keys.contains("Len") && keys.contains("Msg") && keys.contains("MD")
        let isMonte = keys.contains("Seed") && keys.contains("COUNT") && keys.contains("MD")
        guard name.hasSuffix(".rsp") || isShortLong || isMonte else { return nil }
        guard isShortLong || isMonte else { throw malformed("a .rsp file without Len/Msg/MD or Seed/COUNT/MD records") }

        // Which SHA: the [L = n] header (digest bytes), else the file name.
        var digestBytes: Int?
        for line in lines {
            let t = line.trimmingSpaces()
            if t.hasPrefix("["), t.hasSuffix("]"), let eq = t.firstIndex(of: "=") {
                let key = t[t.index(after: t.startIndex)..<eq].trimmingSpaces()
                if key == "L" { digestBytes = Int(t[t.index(after: eq)..<t.index(before: t.endIndex)].trimmingSpaces()) }
            }
        }
        let upper = name.uppercased().replacingDashes()
        let family: String
        switch digestBytes {
        case 20?: family = "SHA-1"
        case 28?: family = upper.contains("SHA512_224") || upper.contains("SHA512/224") ? "SHA-512/224" : "SHA-224"
        case 32?: family = upper.contains("SHA512_256") || upper.contains("SHA512/256") ? "SHA-512/256" : (upper.contains("SHA3") ? "SHA3-256" : "SHA-256")
        case 48?: family = "SHA-384"
        case 64?: family = "SHA-512"
        default:
            if upper.contains("SHA3") { family = "SHA-3" }
            else if upper.contains("SHA512_256") { family = "SHA-512/256" }
            else if upper.contains("SHA512_224") { family = "SHA-512/224" }
            else if upper.contains("SHA256") { family = "SHA-256" }
            else if upper.contains("SHA224") { family = "SHA-224" }
            else if upper.contains("SHA384") { family = "SHA-384" }
            else if upper.contains("SHA512") { family = "SHA-512" }
            else if upper.contains("SHA1") { family = "SHA-1" }
            else { family = "unknown SHA" }
        }
        let algorithm: HashAlgorithm? = ["SHA-256": .sha256, "SHA-384": .sha384, "SHA-512": .sha512][family]
        let supported = algorithm != nil

        var cases: [VectorCase] = []
        if isMonte {
            var seed: [UInt8]?
            var count: String?
            for field in fields {
                switch field.key {
                case "Seed": seed = try hex(field.value, "line \(field.line) Seed")
                case "COUNT": count = field.value
                case "MD":
                    guard let current = seed, let id = count else { throw malformed("line \(field.line): MD before Seed and COUNT") }
                    let expected = try hex(field.value, "line \(field.line) MD")
                    let check: VectorCase.Check = supported
                        ? .monteCarlo(algorithm!, seed: current, expected: expected)
                        : .unsupported(reason: "\(family) is not implemented")
                    cases.append(VectorCase(id: "COUNT \(id)", comment: "Monte Carlo", check: check))
                    seed = expected  // the next checkpoint starts from this one
                default: break
                }
            }
        } else {
            var length: Int?
            var message: [UInt8]?
            for field in fields {
                switch field.key {
                case "Len":
                    guard let bits = Int(field.value), bits >= 0 else { throw malformed("line \(field.line): Len is not a bit count") }
                    length = bits
                case "Msg": message = try hex(field.value, "line \(field.line) Msg")
                case "MD":
                    guard let bits = length, let msg = message else { throw malformed("line \(field.line): MD before Len and Msg") }
                    let expected = try hex(field.value, "line \(field.line) MD")
                    let check: VectorCase.Check
                    if !supported {
                        check = .unsupported(reason: "\(family) is not implemented")
                    } else if bits % 8 != 0 {
                        check = .unsupported(reason: "bit-oriented message (Len not a multiple of 8)")
                    } else if bits / 8 > msg.count {
                        throw malformed("line \(field.line): Len = \(bits) but Msg has \(msg.count) bytes")
                    } else {
                        check = .digest(algorithm!, input: Array(msg.prefix(bits / 8)), expected: expected, truncated: false)
                    }
                    cases.append(VectorCase(id: "Len \(bits)", comment: "line \(field.line)", check: check))
                    length = nil
                    message = nil
                default: break
                }
            }
        }
        return VectorFile(path: path, format: "nist-rsp", cases: cases)
    }

    // MARK: BLAKE2 KAT text (in:/key:/hash:)

    mutating func blake2Text(_ lines: [Substring], name: String) throws(VectorError) -> VectorFile? {
        var labelled: [(line: Int, label: String, value: Substring)] = []
        for (index, line) in lines.enumerated() {
            let trimmed = line.trimmingSpaces()
            for label in ["in:", "key:", "hash:"] where trimmed.hasPrefix(label) {
                labelled.append((index + 1, label, trimmed.dropFirst(label.count)))
            }
        }
        guard labelled.contains(where: { $0.label == "in:" }), labelled.contains(where: { $0.label == "hash:" }) else {
            return nil
        }
        // The BLAKE2 package names these files <family>-kat.txt.
        let family = ["blake2bp", "blake2sp", "blake2xb", "blake2xs", "blake2s", "blake2b"].first { name.hasPrefix($0) } ?? "blake2b"
        var cases: [VectorCase] = []
        var input: [UInt8]?
        var key: [UInt8] = []
        for entry in labelled {
            switch entry.label {
            case "in:": input = try hex(entry.value, "line \(entry.line) in"); key = []
            case "key:": key = try hex(entry.value, "line \(entry.line) key")
            default:
                guard let message = input else { throw malformed("line \(entry.line): hash before in") }
                let expected = try hex(entry.value, "line \(entry.line) hash")
                let check: VectorCase.Check = family == "blake2b"
                    ? .digest(.blake2b(digestByteCount: expected.count, key: key), input: message, expected: expected, truncated: false)
                    : .unsupported(reason: "\(family) is not implemented")
                cases.append(VectorCase(id: "\(cases.count)", comment: "line \(entry.line)", check: check))
                input = nil
            }
        }
        return VectorFile(path: path, format: "blake2-kat-text", cases: cases)
    }

    // MARK: Eaglesong text (Input = / Output =)

    mutating func eaglesongText(_ lines: [Substring], name: String, text: String) throws(VectorError) -> VectorFile? {
        var pairs: [(line: Int, key: String, value: Substring)] = []
        for (index, line) in lines.enumerated() {
            let trimmed = line.trimmingSpaces()
            guard !trimmed.hasPrefix("#"), let eq = trimmed.firstIndex(of: "=") else { continue }
            let key = String(trimmed[..<eq].trimmingSpaces())
            if key == "Input" || key == "Output" { pairs.append((index + 1, key, trimmed[trimmed.index(after: eq)...])) }
        }
        guard !pairs.isEmpty, name.contains("eaglesong") || text.lowercased().contains("eaglesong") else { return nil }
        var cases: [VectorCase] = []
        var input: [UInt8]?
        for pair in pairs {
            if pair.key == "Input" {
                input = try hex(pair.value, "line \(pair.line) Input")
            } else {
                guard let message = input else { throw malformed("line \(pair.line): Output before Input") }
                let expected = try hex(pair.value, "line \(pair.line) Output")
                cases.append(VectorCase(id: "\(cases.count)", comment: "line \(pair.line)",
                                        check: .digest(.eaglesong, input: message, expected: expected, truncated: false)))
                input = nil
            }
        }
        return VectorFile(path: path, format: "eaglesong-text", cases: cases)
    }

    // MARK: JSON formats

    mutating func json(_ json: JSON, name: String) throws(VectorError) -> VectorFile? {
        if let records = json.arrayValue {
            guard !records.isEmpty, records.allSatisfy({ $0["hash"] != nil && $0["in"] != nil && $0["out"] != nil }) else {
                return nil
            }
            return try blake2JSON(records)
        }
        guard json.objectValue != nil else { return nil }
        if json["format"]?.stringValue == ProjectFormat.identifier { return try project(json) }
        if json["format"] != nil, json["format"]?.stringValue?.hasPrefix("ckbcrypto-vectors/") == true {
            throw malformed("unsupported format version \(json["format"]!.stringValue!); this runner reads \(ProjectFormat.identifier)")
        }
        if json["testGroups"] != nil, json["algorithm"] != nil { return try wycheproof(json) }
        if json["format"]?.stringValue == "ckbcrypto-dkim/1" { return try dkim(json) }
        if Limbo.isLimbo(json) {
            let cases = try Limbo.read(path: path, json: json).map {
                VectorCase(id: $0.id, comment: $0.description, check: .x509Chain($0), expectation: $0.expectsSuccess ? .valid : .invalid)
            }
            return VectorFile(path: path, format: "x509-limbo", cases: cases)
        }
        if json["appendix_a"] != nil || json["appendix_e"] != nil { return try rfc7693(json) }
        if let cases = json["cases"]?.arrayValue, !cases.isEmpty,
           cases.allSatisfy({ $0["input_hex"] != nil && ($0["digest"] != nil || $0["output"] != nil) }) {
            return try hashCases(json, cases, name: name)
        }
        return nil
    }

    /// `ckbcrypto-dkim/1`: a time, key records, and messages with their expected verdicts.
    func dkim(_ json: JSON) throws(VectorError) -> VectorFile {
        guard let time = json["time"]?.uint64Value else { throw malformed("\"time\" is missing or not a number") }
        guard let keyObject = json["keys"]?.objectValue else { throw malformed("\"keys\" is missing or not an object") }
        var keys: [String: DKIMKeyLookup] = [:]
        for (name, value) in keyObject {
            if let text = value.stringValue {
                keys[name] = text == "NXDOMAIN" ? .notFound : text == "SERVFAIL" || text == "TIMEOUT" ? .temporaryFailure(text) : .records([text])
            } else if let list = value.arrayValue, list.allSatisfy({ $0.stringValue != nil }) {
                keys[name] = .records(list.map { $0.stringValue! })
            } else {
                throw malformed("keys.\(name): a string or a list of strings")
            }
        }
        guard let list = json["cases"]?.arrayValue else { throw malformed("\"cases\" is missing") }
        var cases: [VectorCase] = []
        for (i, c) in list.enumerated() {
            let place = "cases[\(i)]"
            let id = try string(c, "id", place)
            let encoded = try string(c, "message_base64", place)
            let bytes: [UInt8]
            do {
                bytes = try Base64.decode(Array(encoded.utf8))
            } catch {
                throw malformed("\(place): message_base64: \(error)")
            }
            guard let signatures = c["signatures"]?.arrayValue?.compactMap(\.stringValue),
                  let fromSigned = c["from_signed"]?.boolValue, let body = c["body_fully_covered"]?.boolValue else {
                throw malformed("\(place): signatures, from_signed and body_fully_covered are required")
            }
            let expected = DKIMExpectation(result: try string(c, "result", place), signatures: signatures, fromSigned: fromSigned,
                                           bodyFullyCovered: body, aligned: try string(c, "aligned", place))
            cases.append(VectorCase(id: id, comment: c["comment"]?.stringValue ?? "", check: .dkim(message: bytes, keys: keys, time: time, expected: expected)))
        }
        return VectorFile(path: path, format: "ckbcrypto-dkim/1", cases: cases)
    }

    func blake2JSON(_ records: [JSON]) throws(VectorError) -> VectorFile {
        var cases: [VectorCase] = []
        for (index, record) in records.enumerated() {
            let place = "record \(index)"
            let family = try string(record, "hash", place)
            let expected = try hexField(record, "out", place)
            let check: VectorCase.Check
            if family == "blake2b" {
                let key = record["key"] == nil ? [] : try hexField(record, "key", place)
                check = .digest(.blake2b(digestByteCount: expected.count, key: key), input: try hexField(record, "in", place),
                                expected: expected, truncated: false)
            } else {
                check = .unsupported(reason: "\(family) is not implemented")
            }
            cases.append(VectorCase(id: "\(index)", comment: family, check: check))
        }
        return VectorFile(path: path, format: "blake2-kat-json", cases: cases)
    }

    func rfc7693(_ json: JSON) throws(VectorError) -> VectorFile {
        var cases: [VectorCase] = []
        func blake2bCase(_ c: JSON, id: String, inputKey: String, lengthKey: String) throws(VectorError) -> VectorCase {
            let place = "case \(id)"
            let key = c["key"] == nil ? [] : try hexField(c, "key", place)
            let check: VectorCase.Check = .digest(
                .blake2b(digestByteCount: try int(c, lengthKey, place), key: key),
                input: try hexField(c, inputKey, place), expected: try hexField(c, "digest", place), truncated: false)
            return VectorCase(id: id, comment: c["description"]?.stringValue ?? "", check: check)
        }
        if let a = json["appendix_a"] {
            cases.append(try blake2bCase(a, id: "appendix_a", inputKey: "input_hex", lengthKey: "outlen"))
        }
        if let e = json["appendix_e"] {
            for (index, component) in (e["components"]?.arrayValue ?? []).enumerated() {
                cases.append(try blake2bCase(component, id: "appendix_e.\(index)", inputKey: "input", lengthKey: "outlen"))
            }
            if e["grand_hash"] != nil {
                cases.append(VectorCase(id: "appendix_e.grand_hash", comment: "RFC 7693 self-test",
                                        check: .rfc7693SelfTest(expected: try hexField(e, "grand_hash", "appendix_e"))))
            }
        }
        return VectorFile(path: path, format: "rfc7693-json", cases: cases)
    }

    /// `{params?, cases: [{input_hex, digest | output}]}`: the algorithm comes from `params`
    /// (BLAKE2b parameters), else from an `algorithm` field, else from the file's description or name.
    func hashCases(_ json: JSON, _ records: [JSON], name: String) throws(VectorError) -> VectorFile? {
        var algorithm: HashAlgorithm?
        if let params = json["params"] {
            var personal: [UInt8] = []
            if params["personal_hex"] != nil {
                personal = try hexField(params, "personal_hex", "params")
            } else if let ascii = params["personal_ascii"]?.stringValue {
                personal = Array(ascii.utf8)
            } else if params["personal"] != nil {
                personal = try hexField(params, "personal", "params")
            }
            let key = params["key"] == nil ? [] : try hexField(params, "key", "params")
            let salt = params["salt"] == nil ? [] : try hexField(params, "salt", "params")
            algorithm = .blake2b(digestByteCount: try int(params, "outlen", "params"), key: key, salt: salt, personalization: personal)
        } else {
            let hint = ((json["algorithm"]?.stringValue ?? "") + " " + (json["description"]?.stringValue ?? "") + " " + name).lowercased()
            if hint.contains("eaglesong") { algorithm = .eaglesong }
            else if hint.contains("ckbhash") || hint.contains("ckb-default-hash") || hint.contains("ckb_blake2b") { algorithm = .ckb }
            else if hint.contains("sha-256") || hint.contains("sha256") { algorithm = .sha256 }
        }
        guard let algorithm else { return nil }
        var cases: [VectorCase] = []
        for (index, record) in records.enumerated() {
            let place = "case \(index)"
            let expected = try hexField(record, record["digest"] != nil ? "digest" : "output", place)
            cases.append(VectorCase(
                id: record["name"]?.stringValue ?? "\(index)", comment: record["input_ascii"]?.stringValue ?? "",
                check: .digest(algorithm, input: try hexField(record, "input_hex", place), expected: expected, truncated: false),
                expectation: try expectation(record, place)))
        }
        return VectorFile(path: path, format: "hash-cases-json", cases: cases)
    }

    // MARK: Wycheproof

    func wycheproof(_ json: JSON) throws(VectorError) -> VectorFile {
        let algorithm = json["algorithm"]?.stringValue ?? "?"
        guard let groups = json["testGroups"]?.arrayValue else { throw malformed("\"testGroups\" is not an array") }
        let schema = json["schema"]?.stringValue ?? ""
        var cases: [VectorCase] = []
        for (g, group) in groups.enumerated() {
            guard let tests = group["tests"]?.arrayValue else { throw malformed("testGroups[\(g)]: \"tests\" is not an array") }
            let ecdsa = algorithm == "ECDSA" ? try ecdsaGroup(group, schema: schema, "testGroups[\(g)]") : nil
            let rsa = algorithm.hasPrefix("RSASSA") ? try rsaGroup(group, algorithm: algorithm, "testGroups[\(g)]") : nil
            for test in tests {
                guard let tcId = test["tcId"]?.intValue else { throw malformed("testGroups[\(g)]: a test without an integer tcId") }
                let place = "tcId \(tcId)"
                let expectation = try self.expectation(test, place)
                let check: VectorCase.Check
                switch algorithm {
                case "HMACSHA256":
                    // MacTest schema: the tag may be truncated to tagSize bits.
                    let tagBits = try int(group, "tagSize", "testGroups[\(g)]")
                    let tag = try hexField(test, "tag", place)
                    guard tagBits % 8 == 0, tagBits <= 256 else {
                        check = .unsupported(reason: "HMAC tag size \(tagBits) bits")
                        break
                    }
                    // A tag of the wrong length can never verify: compare it untruncated then.
                    check = .digest(.hmacSHA256(key: try hexField(test, "key", place)), input: try hexField(test, "msg", place),
                                    expected: tag, truncated: tag.count == tagBits / 8 && tagBits < 256)
                case "ECDSA":
                    switch ecdsa! {
                    case .failure(let unsupported):
                        check = .unsupported(reason: unsupported.reason)
                    case .success(let group):
                        let message = try hexField(test, "msg", place)
                        check = .ecdsaSecp256k1(publicKey: group.publicKey, message: message, hash: group.hash,
                                                signature: try hexField(test, "sig", place), encoding: group.encoding,
                                                allowingHighS: group.allowingHighS)
                    }
                case _ where rsa != nil:
                    switch rsa! {
                    case .failure(let unsupported):
                        check = .unsupported(reason: unsupported.reason)
                    case .success(let group):
                        check = .rsaSignature(publicKey: group.key, message: try hexField(test, "msg", place),
                                              signature: try hexField(test, "sig", place), padding: group.padding)
                    }
                case "EDDSA":
                    // eddsa_verify_schema: the group's key is {curve, keySize, pk}.
                    guard let key = group["publicKey"] else { throw malformed("testGroups[\(g)]: \"publicKey\" is missing") }
                    let curve = key["curve"]?.stringValue ?? "?"
                    guard curve == "edwards25519" else {
                        check = .unsupported(reason: "EdDSA on \(curve) is not implemented")
                        break
                    }
                    check = .ed25519(publicKey: try hexField(key, "pk", "testGroups[\(g)] publicKey"),
                                     message: try hexField(test, "msg", place), signature: try hexField(test, "sig", place))
                default:
                    check = .unsupported(reason: "\(algorithm) is not implemented yet")
                }
                cases.append(VectorCase(id: "\(tcId)", comment: test["comment"]?.stringValue ?? "", check: check,
                                        expectation: expectation))
            }
        }
        if let declared = json["numberOfTests"]?.intValue, declared != cases.count {
            throw malformed("numberOfTests is \(declared) but the groups hold \(cases.count) tests")
        }
        return VectorFile(path: path, format: "wycheproof", cases: cases)
    }

    struct ECDSAGroup {
        var publicKey: [UInt8]
        var hash: HashAlgorithm
        var encoding: VectorCase.SignatureEncoding
        var allowingHighS: Bool
    }

    struct Unsupported: Error { var reason: String }

    /// An ECDSA test group: its key, hash and encoding, and the high-S policy, which the file's
    /// schema sets. The plain files (`ecdsa_verify_schema`, `ecdsa_p1363_verify_schema`) test
    /// textbook ECDSA, where (r, n - s) is as valid as (r, s); the Bitcoin files
    /// (`ecdsa_bitcoin_verify_schema`, group type `EcdsaBitcoinVerify`) require low S, as
    /// libsecp256k1 and CKB do.
    func ecdsaGroup(_ group: JSON, schema: String, _ place: String) throws(VectorError) -> Result<ECDSAGroup, Unsupported> {
        let type = group["type"]?.stringValue ?? ""
        guard let key = group["publicKey"] else { throw malformed("\(place): \"publicKey\" is missing") }
        let curve = key["curve"]?.stringValue ?? "?"
        guard curve == "secp256k1" else { return .failure(Unsupported(reason: "ECDSA on \(curve) is not implemented")) }
        let publicKey = try hexField(key, "uncompressed", "\(place) publicKey")
        let hashName = group["sha"]?.stringValue ?? "?"
        let hash: HashAlgorithm
        switch hashName {
        case "SHA-256": hash = .sha256
        case "SHA-384": hash = .sha384
        case "SHA-512": hash = .sha512
        default: return .failure(Unsupported(reason: "ECDSA with \(hashName) is not implemented"))
        }
        let p1363 = type == "EcdsaP1363Verify" || schema.contains("p1363")
        let bitcoin = type == "EcdsaBitcoinVerify" || schema.contains("bitcoin")
        return .success(ECDSAGroup(publicKey: publicKey, hash: hash, encoding: p1363 ? .p1363 : .der, allowingHighS: !bitcoin))
    }

    struct RSAGroup {
        var key: [UInt8]
        var padding: RSA.Padding
    }

    /// An RSA test group (`RsassaPkcs1Verify`, `RsassaPssVerify`, `RsassaPssWithParametersVerify`):
    /// the SubjectPublicKeyInfo and the padding with its hashes and salt length.
    func rsaGroup(_ group: JSON, algorithm: String, _ place: String) throws(VectorError) -> Result<RSAGroup, Unsupported> {
        func hash(_ field: String) throws(VectorError) -> Result<RSA.Hash, Unsupported> {
            let name = try string(group, field, place)
            switch name {
            case "SHA-256": return .success(.sha256)
            case "SHA-384": return .success(.sha384)
            case "SHA-512": return .success(.sha512)
            default: return .failure(Unsupported(reason: "RSA with \(name) is not implemented"))
            }
        }
        let key = try hexField(group, group["publicKeyDer"] != nil ? "publicKeyDer" : "keyDer", place)
        let h: RSA.Hash
        switch try hash("sha") {
        case .success(let value): h = value
        case .failure(let unsupported): return .failure(unsupported)
        }
        if algorithm == "RSASSA-PKCS1-v1_5" {
            return .success(RSAGroup(key: key, padding: .pkcs1v15(h)))
        }
        guard algorithm == "RSASSA-PSS" else { return .failure(Unsupported(reason: "\(algorithm) is not implemented")) }
        let mgfName = try string(group, "mgf", place)
        guard mgfName == "MGF1" else { return .failure(Unsupported(reason: "PSS with \(mgfName) is not implemented")) }
        let mgfHash: RSA.Hash
        switch try hash("mgfSha") {
        case .success(let value): mgfHash = value
        case .failure(let unsupported): return .failure(unsupported)
        }
        let salt = try int(group, "sLen", place)
        return .success(RSAGroup(key: key, padding: .pss(h, mgf1Hash: mgfHash, saltLength: salt)))
    }

    // MARK: This project's format

    func project(_ json: JSON) throws(VectorError) -> VectorFile {
        let algorithmName = try string(json, "algorithm", "file")
        guard let records = json["cases"]?.arrayValue else { throw malformed("\"cases\" is missing or not an array") }
        var cases: [VectorCase] = []
        for (index, record) in records.enumerated() {
            let id = record["id"].map { $0.stringValue ?? $0.serialized } ?? "\(index)"
            let place = "case \(id)"
            if algorithmName == "pow-mainnet" || algorithmName == "pow-testnet" {
                guard let list = record["headers"]?.arrayValue else { throw malformed("\(place): \"headers\" is missing or not an array") }
                var headers: [[UInt8]] = []
                for (i, item) in list.enumerated() {
                    guard let text = item.stringValue, let bytes = try? Hex.decode(text, allowPrefix: true) else {
                        throw malformed("\(place): headers[\(i)] is not hex")
                    }
                    headers.append(bytes)
                }
                cases.append(VectorCase(id: id, comment: record["comment"]?.stringValue ?? "",
                                        check: .headerChain(network: String(algorithmName.dropFirst(4)), headers: headers),
                                        expectation: try expectation(record, place)))
                continue
            }
            let input = try hexField(record, "input", place)
            let expected = try hexField(record, "digest", place)
            let key = record["key"] == nil ? [] : try hexField(record, "key", place)
            let check: VectorCase.Check
            switch algorithmName {
            case "ckb":
                check = .digest(.ckb, input: input, expected: expected, truncated: false)
            case "blake160":
                check = .digest(.ckb, input: input, expected: expected, truncated: true)
            case "blake2b":
                let salt = record["salt"] == nil ? [] : try hexField(record, "salt", place)
                let personal = record["personal"] == nil ? [] : try hexField(record, "personal", place)
                let length = record["length"] == nil ? expected.count : try int(record, "length", place)
                check = .digest(.blake2b(digestByteCount: length, key: key, salt: salt, personalization: personal),
                                input: input, expected: expected, truncated: false)
            case "sha256":
                check = .digest(.sha256, input: input, expected: expected, truncated: false)
            case "sha384":
                check = .digest(.sha384, input: input, expected: expected, truncated: false)
            case "sha512":
                check = .digest(.sha512, input: input, expected: expected, truncated: false)
            case "hmac-sha256":
                check = .digest(.hmacSHA256(key: key), input: input, expected: expected, truncated: expected.count < 32)
            case "eaglesong":
                check = .digest(.eaglesong, input: input, expected: expected, truncated: false)
            default:
                check = .unsupported(reason: "algorithm \"\(algorithmName)\" is not implemented")
            }
            cases.append(VectorCase(id: id, comment: record["comment"]?.stringValue ?? "", check: check,
                                    expectation: try expectation(record, place)))
        }
        return VectorFile(path: path, format: ProjectFormat.identifier, cases: cases)
    }
}

/// The project's own vector format (Docs/Vectors.md).
public enum ProjectFormat {
    public static let identifier = "ckbcrypto-vectors/1"
}

extension StringProtocol {
    func trimmingSpaces() -> SubSequence {
        var start = startIndex
        var end = endIndex
        while start < end, self[start].isWhitespace { start = index(after: start) }
        while end > start, self[index(before: end)].isWhitespace { end = index(before: end) }
        return self[start..<end]
    }

    func replacingDashes() -> String {
        String(map { $0 == "-" ? "_" : $0 })
    }
}

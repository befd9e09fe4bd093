import CKBJSON

/// What running one vector file found.
public struct FileReport: Sendable {
    public let path: String
    public let format: String
    public let cases: Int
    public let passed: Int
    public let failed: Int
    public let skipped: Int
    /// The failed cases with their reasons (all of them).
    public let failures: [(id: String, comment: String, reason: String)]
    /// Why cases were skipped, with counts.
    public let skipReasons: [(reason: String, count: Int)]

    public var ok: Bool { failed == 0 }

    /// One JSON object: `{"file", "cases", "passed", "failed", "skipped"}`.
    public var jsonLine: String {
        var out = "{\"file\": "
        JSON.writeString(path, to: &out)
        out += ", \"cases\": \(cases), \"passed\": \(passed), \"failed\": \(failed), \"skipped\": \(skipped)}"
        return out
    }
}

/// Finds vector files and runs them.
public struct VectorRunner: Sendable {
    /// Judges for checks this module cannot compute itself.
    public var judges: VectorJudges

    public init(judges: VectorJudges = VectorJudges()) {
        self.judges = judges
    }

    /// Reads and judges every case of the file at `path`.
    ///
    /// - Throws: ``VectorError`` when the file cannot be read, is in no recognised format, or
    ///   is malformed.
    public func run(file path: String) throws(VectorError) -> FileReport {
        run(try read(path).get())
    }

    /// Judges every case of an already-read file.
    public func run(_ file: VectorFile) -> FileReport {
        var passed = 0
        var failed = 0
        var skipped = 0
        var failures: [(id: String, comment: String, reason: String)] = []
        var reasons: [String: Int] = [:]
        var reasonOrder: [String] = []
        for vector in file.cases {
            switch vector.evaluate(judges: judges) {
            case .passed: passed += 1
            case .failed(let reason):
                failed += 1
                failures.append((vector.id, vector.comment, reason))
            case .skipped(let reason):
                skipped += 1
                if reasons[reason] == nil { reasonOrder.append(reason) }
                reasons[reason, default: 0] += 1
            }
        }
        return FileReport(
            path: file.path, format: file.format, cases: file.cases.count, passed: passed, failed: failed,
            skipped: skipped, failures: failures, skipReasons: reasonOrder.map { ($0, reasons[$0]!) })
    }

    /// Reads the vector files under `paths`, each once: files as given, folders searched
    /// recursively (sorted) for `.json`, `.txt` and `.rsp` files. Inside a folder, files in no
    /// recognised format (READMEs, schemas, manifests) are passed over; a file named explicitly,
    /// or a malformed vector file anywhere, yields its ``VectorError``, so running it reports
    /// what is wrong.
    ///
    /// - Throws: ``VectorError`` for a path that does not exist or a folder that cannot be listed.
    public func load(_ paths: [String]) throws(VectorError) -> [Result<VectorFile, VectorError>] {
        var loaded: [Result<VectorFile, VectorError>] = []
        for path in paths {
            guard FileSystem.exists(path) else {
                throw VectorError(path: path, kind: .unreadable("No such file or directory"))
            }
            if FileSystem.isDirectory(path) {
                try walk(path, depth: 0, into: &loaded)
            } else {
                loaded.append(read(path))
            }
        }
        return loaded
    }

    /// One file read into cases, or why it could not be.
    public func read(_ path: String) -> Result<VectorFile, VectorError> {
        let bytes: [UInt8]
        do {
            bytes = try FileSystem.readAll(path)
        } catch {
            return .failure(VectorError(path: path, kind: .unreadable(error.reason)))
        }
        do {
            guard let file = try VectorFormats.read(path: path, bytes: bytes) else {
                return .failure(VectorError(path: path, kind: .notRecognised))
            }
            return .success(file)
        } catch {
            return .failure(error)
        }
    }

    private func walk(_ directory: String, depth: Int, into loaded: inout [Result<VectorFile, VectorError>]) throws(VectorError) {
        guard depth < 16 else { return }  // bounded: a link cycle cannot recurse forever
        let names: [String]
        do {
            names = try FileSystem.list(directory)
        } catch {
            throw VectorError(path: directory, kind: .unreadable(error.reason))
        }
        for name in names where !name.hasPrefix(".") {
            let path = FileSystem.join(directory, name)
            if FileSystem.isDirectory(path) {
                try walk(path, depth: depth + 1, into: &loaded)
            } else if isCandidate(name) {
                let result = read(path)
                if case .failure(let error) = result, error.kind == .notRecognised { continue }
                loaded.append(result)
            }
        }
    }

    private func isCandidate(_ name: String) -> Bool {
        let lower = name.lowercased()
        return lower.hasSuffix(".json") || lower.hasSuffix(".txt") || lower.hasSuffix(".rsp")
    }

    /// The default vector folders: the project's `Vectors/` and, when present, the shared
    /// third-party suites in `../shared/vectors`. The project is found from the current
    /// directory or the executable's location (the folder holding `Package.swift` and
    /// `Vectors/`); `CKBCRYPTO_VECTORS` overrides it with one folder.
    public static func defaultPaths(environment: [String: String]) -> [String] {
        if let override = environment["CKBCRYPTO_VECTORS"], !override.isEmpty { return [override] }
        var starts: [String] = []
        if let cwd = FileSystem.currentDirectory() { starts.append(cwd) }
        if let exe = FileSystem.executablePath(), let dir = FileSystem.parent(exe) { starts.append(dir) }
        for start in starts {
            var candidate: String? = start
            while let dir = candidate {
                let vectors = FileSystem.join(dir, "Vectors")
                if FileSystem.exists(FileSystem.join(dir, "Package.swift")), FileSystem.isDirectory(vectors) {
                    var paths = [vectors]
                    if let parent = FileSystem.parent(dir) {
                        let shared = FileSystem.join(parent, "shared/vectors")
                        if FileSystem.isDirectory(shared) { paths.append(shared) }
                    }
                    return paths
                }
                candidate = FileSystem.parent(dir)
            }
        }
        return []
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Minimal file access for the runner and the CLI: whole-file reads with a size bound,
/// chunked streaming, and directory listing. Errors carry the system's reason.
package enum FileSystem {
    /// Why a file could not be read.
    package struct Error: Swift.Error, Equatable, Sendable, CustomStringConvertible {
        package let path: String
        package let reason: String
        package var description: String { "cannot read '\(path)': \(reason)" }
    }

    static func systemReason(_ code: Int32) -> String {
        String(cString: strerror(code))
    }

    package static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    package static func exists(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0
    }

    /// Calls `body` with successive chunks of the file at `path` (`-` is standard input).
    package static func stream(_ path: String, chunkSize: Int = 1 << 16, _ body: (UnsafeRawBufferPointer) -> Void) throws(Error) {
        let fd: Int32 = path == "-" ? 0 : open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw Error(path: path, reason: systemReason(errno)) }
        defer { if fd != 0 { close(fd) } }
        if fd != 0, isDirectory(path) { throw Error(path: path, reason: "Is a directory") }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunkSize, alignment: 16)
        defer { buffer.deallocate() }
        while true {
            let n = read(fd, buffer.baseAddress, chunkSize)
            if n < 0 {
                if errno == EINTR { continue }
                throw Error(path: path, reason: systemReason(errno))
            }
            if n == 0 { return }
            body(UnsafeRawBufferPointer(rebasing: buffer[0..<n]))
        }
    }

    /// The whole file, refusing files larger than `limit` bytes.
    package static func readAll(_ path: String, limit: Int = 256 << 20) throws(Error) -> [UInt8] {
        var bytes: [UInt8] = []
        var tooLarge = false
        try stream(path) { chunk in
            guard !tooLarge else { return }
            if bytes.count + chunk.count > limit {
                tooLarge = true
            } else {
                bytes.append(contentsOf: chunk)
            }
        }
        if tooLarge { throw Error(path: path, reason: "larger than the \(limit >> 20) MiB limit") }
        return bytes
    }

    /// Names in a directory, sorted, without `.` and `..`.
    package static func list(_ path: String) throws(Error) -> [String] {
        guard let dir = opendir(path) else { throw Error(path: path, reason: systemReason(errno)) }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafePointer(to: &entry.pointee.d_name) { pointer in
                pointer.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted()
    }

    /// `path` joined with `name`.
    package static func join(_ path: String, _ name: String) -> String {
        path.hasSuffix("/") ? path + name : path + "/" + name
    }

    /// The current working directory.
    package static func currentDirectory() -> String? {
        var buffer = [CChar](repeating: 0, count: 4096)
        guard getcwd(&buffer, buffer.count) != nil else { return nil }
        return text(buffer)
    }

    /// The running executable's path (Linux `/proc/self/exe`).
    package static func executablePath() -> String? {
        var buffer = [CChar](repeating: 0, count: 4096)
        let n = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard n > 0 else { return nil }
        return text(Array(buffer[0..<n]))
    }

    /// A C string buffer (up to its first NUL) as text.
    static func text(_ buffer: [CChar]) -> String {
        let bytes = buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The parent folder of `path`, or `nil` at the root.
    package static func parent(_ path: String) -> String? {
        var trimmed = path
        while trimmed.count > 1, trimmed.hasSuffix("/") { trimmed.removeLast() }
        guard let slash = trimmed.lastIndex(of: "/") else { return nil }
        if slash == trimmed.startIndex { return trimmed == "/" ? nil : "/" }
        return String(trimmed[..<slash])
    }
}

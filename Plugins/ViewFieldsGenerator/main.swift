import Foundation

// Usage: ViewFieldsGenerator OUTPUT SOURCE...
// Writes OUTPUT (Swift) with every template view's `fields`, read from the SOURCE files
// (`ViewDeclarations`). Errors name the file and line, as the compiler's do, and fail the build.
let arguments = CommandLine.arguments.dropFirst()
guard let output = arguments.first else {
    FileHandle.standardError.write(Data("usage: ViewFieldsGenerator OUTPUT SOURCE...\n".utf8))
    exit(2)
}
var views: [ViewDeclaration] = []
var failed = false
for path in arguments.dropFirst().sorted() {
    guard let data = FileManager.default.contents(atPath: path) else {
        FileHandle.standardError.write(Data("\(path): error: cannot read the file\n".utf8))
        failed = true
        continue
    }
    do {
        views += try ViewDeclarations.read(String(decoding: data, as: UTF8.self))
    } catch {
        FileHandle.standardError.write(Data("\(path):\(error.line): error: \(error.message)\n".utf8))
        failed = true
    }
}
if failed { exit(1) }
let text = Data(ViewDeclarations.fieldsSource(views).utf8)
// Rewritten only when it changes, so an edit elsewhere in a view file compiles nothing more.
if FileManager.default.contents(atPath: output) != text {
    guard FileManager.default.createFile(atPath: output, contents: text) else {
        FileHandle.standardError.write(Data("\(output): error: cannot write the file\n".utf8))
        exit(1)
    }
}

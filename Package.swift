// swift-tools-version:6.0
import PackageDescription

// Data flows one way: Markdown -> model -> pages -> checked site.
// Each target has one job; see the README's architecture section.
// Linux only (Glibc, renameat2, /proc/self/exe, Debian's C libraries through pkg-config).
let package = Package(
    name: "Versus",
    products: [
        .executable(name: "versus", targets: ["versus"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        // Tests only: the reference the template engine is compared with, byte for byte.
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        // `versus serve` only: its socket layer (FlyingSocks: non-blocking sockets on epoll, Swift
        // concurrency), under a request reader of our own that bounds what a client may send.
        .package(url: "https://github.com/swhitty/FlyingFox", exact: "0.27.1"),
    ],
    targets: [
        // C libraries from Debian, found through pkg-config.
        .systemLibrary(name: "CCmark", pkgConfig: "libcmark", providers: [.apt(["libcmark-dev"])]),
        .systemLibrary(name: "CGumbo", pkgConfig: "gumbo", providers: [.apt(["libgumbo-dev"])]),
        // The allocator of the `versus` executable: a build makes millions of small allocations on every
        // core, and glibc's malloc took a tenth of its instructions (bench/profile.md). No pkg-config file.
        .systemLibrary(name: "CMimalloc", providers: [.apt(["libmimalloc-dev"])]),

        // Leaf: positions and compiler-style messages, used by every stage.
        .target(name: "Diagnostics"),
        // Leaf: byte searches sixteen bytes at a time for escaping, in C (Swift's SIMD types compiled
        // them to a loop per lane).
        .target(name: "CByteScan"),
        // UTF-8 text on bytes, shared by every stage: the byte buffer pages and JSON are written into,
        // eight-byte scans, HTML escaping, Unicode white space, NFC, and the one URL-scheme reading.
        .target(name: "TextPrimitives", dependencies: ["CByteScan"]),
        // Leaf: the one parallel map (every core, or `--jobs` threads; order kept).
        .target(name: "ParallelWork"),
        // The one reading of a folder from the disk (entries with their types, no link followed) and the one
        // walk of a folder tree, shared by the build's inputs, the link checker and versus serve's watcher.
        .target(name: "FileListing", dependencies: ["ParallelWork"]),
        // The only importer of CCmark: parses Markdown into an immutable Swift tree, renders fragments back to HTML.
        .target(name: "MarkdownSyntax", dependencies: ["CCmark", "TextPrimitives", "Diagnostics"]),
        // Value types: documents, sections, subjects, dimensions, use cases; the JSON contract.
        .target(name: "ComparisonModel", dependencies: ["MarkdownSyntax", "TextPrimitives", "Diagnostics"]),
        // Markdown tree + front matter -> model, by the authoring rules in the README.
        .target(name: "ComparisonExtraction", dependencies: [
            "ComparisonModel", "MarkdownSyntax", "TextPrimitives", "Diagnostics",
            .product(name: "Yams", package: "Yams"),
        ]),
        // Mustache templates: parse (depth-limited), token tree, one compiled renderer. Knows no views.
        .target(name: "MustacheTemplates", dependencies: ["TextPrimitives"]),
        // Model -> HTML pages through the Mustache templates. No I/O.
        .target(name: "SiteRendering", dependencies: ["ComparisonModel", "MarkdownSyntax", "MustacheTemplates", "TextPrimitives", "Diagnostics"],
                plugins: ["ViewFields"]),
        // Each template view's `fields` table, made at build time from its stored properties (one edit adds a field).
        .plugin(name: "ViewFields", capability: .buildTool(), dependencies: ["ViewFieldsGenerator"]),
        .executableTarget(name: "ViewFieldsGenerator", path: "Plugins/ViewFieldsGenerator"),
        // Model -> the quick find's index: entries sharded by word prefix. No I/O.
        .target(name: "SearchIndex", dependencies: ["ComparisonModel", "TextPrimitives"]),
        // Built HTML files -> broken links. Knows nothing of Markdown or the model.
        .target(name: "LinkChecking", dependencies: ["CGumbo", "FileListing", "ParallelWork", "TextPrimitives", "Diagnostics"]),
        // The default theme: templates/ embedded in the executable by the EmbedTheme plugin at build time.
        // Sources/DefaultTheme/templates is a link to templates/, so that adding or removing a file there
        // makes SwiftPM plan the build again (see Plugins/EmbedTheme).
        .target(name: "DefaultTheme", exclude: ["templates"], plugins: ["EmbedTheme"]),
        .plugin(name: "EmbedTheme", capability: .buildTool(), exclude: ["embed-theme.sh"]),
        // Extraction results as bytes, read back by the next build (`versus build` after an edit).
        .target(name: "ExtractionArchive", dependencies: ["ComparisonExtraction", "ComparisonModel", "MarkdownSyntax", "Diagnostics"]),
        // One Linux system call Swift's Glibc module does not expose: the atomic swap of two folders.
        .target(name: "CFileExchange"),
        // The build's stages and their file I/O: discover, read, extract, render, write, check, publish.
        .target(name: "SiteBuilder", dependencies: [
            "ComparisonExtraction", "ComparisonModel", "ExtractionArchive", "SiteRendering", "SearchIndex", "LinkChecking", "FileListing",
            "MarkdownSyntax", "ParallelWork", "TextPrimitives", "Diagnostics", "CFileExchange", "DefaultTheme",
            .product(name: "Yams", package: "Yams"),
        ]),
        // `versus serve`: builds the site in memory, serves it over HTTP, watches the inputs (inotify),
        // rebuilds and tells open pages to reload (server-sent events).
        .target(name: "PreviewServer", dependencies: [
            "SiteBuilder", "SiteRendering", "FileListing", "ParallelWork", "Diagnostics",
            .product(name: "FlyingSocks", package: "FlyingFox"),
        ]),
        // Argument parsing and exit codes, testable without spawning a process.
        .target(name: "SiteCommands", dependencies: [
            "SiteBuilder", "ComparisonExtraction", "ComparisonModel", "LinkChecking", "Diagnostics", "MarkdownSyntax", "PreviewServer",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .executableTarget(name: "versus", dependencies: ["SiteCommands", "CMimalloc"]),

        // Shared by the test targets: the safety oracle every built site must pass.
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "TextPrimitivesTests", dependencies: ["TextPrimitives", "TestSupport"]),
        .testTarget(name: "FileListingTests", dependencies: ["FileListing", "TestSupport"]),
        .testTarget(name: "MarkdownSyntaxTests", dependencies: ["MarkdownSyntax", "TextPrimitives", "Diagnostics", "TestSupport"]),
        .testTarget(name: "ExtractionTests", dependencies: ["ComparisonExtraction", "ComparisonModel", "MarkdownSyntax", "Diagnostics", "TestSupport"],
                    // Read from the source tree by path (#filePath), also by the content-preservation test.
                    exclude: ["Fixtures"]),
        .testTarget(name: "RenderingTests", dependencies: [
            "SiteBuilder", "SiteRendering", "MustacheTemplates", "ComparisonModel", "ComparisonExtraction", "MarkdownSyntax", "LinkChecking",
            "TextPrimitives", "Diagnostics", "CGumbo", "TestSupport",
            .product(name: "Mustache", package: "swift-mustache"),
        ]),
        .testTarget(name: "ExtractionArchiveTests", dependencies: ["ExtractionArchive", "ComparisonExtraction", "ComparisonModel", "MarkdownSyntax", "Diagnostics", "TestSupport"]),
        .testTarget(name: "SearchIndexTests", dependencies: ["SearchIndex", "ComparisonModel"]),
        .testTarget(name: "LinkCheckingTests", dependencies: ["LinkChecking", "TextPrimitives", "Diagnostics", "TestSupport"], resources: [.copy("Fixtures")]),
        // `versus` so that the executable the tests run is built first.
        .testTarget(name: "CommandTests", dependencies: [
            "SiteCommands", "SiteBuilder", "ComparisonModel", "MarkdownSyntax", "DefaultTheme", "Diagnostics", "ParallelWork", "versus", "TestSupport",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .testTarget(name: "PreviewServerTests", dependencies: ["PreviewServer", "SiteBuilder", "Diagnostics", "TestSupport"]),
        .testTarget(name: "ViewFieldsTests", dependencies: ["ViewFieldsGenerator"]),
    ]
)

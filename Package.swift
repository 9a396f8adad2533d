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
        // The only importer of CCmark: parses Markdown into an immutable Swift tree, renders fragments back to HTML.
        .target(name: "MarkdownSyntax", dependencies: ["CCmark", "Diagnostics"]),
        // Value types: documents, sections, subjects, dimensions, use cases; the JSON contract.
        .target(name: "ComparisonModel", dependencies: ["MarkdownSyntax", "Diagnostics"]),
        // Markdown tree + front matter -> model, by the authoring rules in the README.
        .target(name: "ComparisonExtraction", dependencies: [
            "ComparisonModel", "MarkdownSyntax", "Diagnostics",
            .product(name: "Yams", package: "Yams"),
        ]),
        // Mustache templates: parse (depth-limited), token tree, one compiled renderer. Knows no views.
        .target(name: "MustacheTemplates", dependencies: ["MarkdownSyntax"]),
        // Model -> HTML pages through the Mustache templates. No I/O.
        .target(name: "SiteRendering", dependencies: ["ComparisonModel", "MarkdownSyntax", "MustacheTemplates", "Diagnostics"]),
        // Built HTML files -> broken links. Knows nothing of Markdown or the model.
        .target(name: "LinkChecking", dependencies: ["CGumbo", "Diagnostics"]),
        // One Linux system call Swift's Glibc module does not expose: the atomic swap of two folders.
        .target(name: "CFileExchange"),
        // The only stage doing file I/O: discover, read, extract, render, write, check.
        .target(name: "SiteBuilder", dependencies: [
            "ComparisonExtraction", "ComparisonModel", "SiteRendering", "LinkChecking", "Diagnostics", "CFileExchange",
            .product(name: "Yams", package: "Yams"),
        ]),
        // `versus serve`: builds the site in memory, serves it over HTTP, watches the inputs (inotify),
        // rebuilds and tells open pages to reload (server-sent events).
        .target(name: "PreviewServer", dependencies: [
            "SiteBuilder", "Diagnostics",
            .product(name: "FlyingSocks", package: "FlyingFox"),
        ]),
        // Argument parsing and exit codes, testable without spawning a process.
        .target(name: "SiteCommands", dependencies: [
            "SiteBuilder", "LinkChecking", "Diagnostics", "MarkdownSyntax", "PreviewServer",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .executableTarget(name: "versus", dependencies: ["SiteCommands", "CMimalloc"]),

        // Shared by the test targets: the safety oracle every built site must pass.
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "MarkdownSyntaxTests", dependencies: ["MarkdownSyntax", "TestSupport"]),
        .testTarget(name: "ExtractionTests", dependencies: ["ComparisonExtraction", "ComparisonModel", "MarkdownSyntax", "Diagnostics", "TestSupport"],
                    // Read from the source tree by path (#filePath), also by the content-preservation test.
                    exclude: ["Fixtures"]),
        .testTarget(name: "RenderingTests", dependencies: [
            "SiteBuilder", "SiteRendering", "MustacheTemplates", "ComparisonModel", "Diagnostics", "CGumbo", "TestSupport",
            .product(name: "Mustache", package: "swift-mustache"),
        ]),
        .testTarget(name: "LinkCheckingTests", dependencies: ["LinkChecking", "Diagnostics"], resources: [.copy("Fixtures")]),
        .testTarget(name: "CommandTests", dependencies: ["SiteCommands", "SiteBuilder", "versus", "TestSupport", "MarkdownSyntax"]),
        .testTarget(name: "PreviewServerTests", dependencies: ["PreviewServer", "SiteBuilder", "Diagnostics", "TestSupport"]),
    ]
)

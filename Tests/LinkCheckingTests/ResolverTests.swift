import Testing
@testable import LinkChecking
import TextPrimitives

/// The resolver is pure: a target, the document it is written in, the base path. No files involved.
@Suite struct ResolverTests {
    func resolve(_ target: String, in page: String = "docs/guide.html", basePath: String? = nil) -> ResolvedTarget {
        resolveReference(target, base: .local(path: page), basePath: normalizedBasePath(basePath))
    }

    @Test func relativePathsResolveAgainstThePageFolder() {
        #expect(resolve("other.html") == .local(path: "docs/other.html", isFolderForm: false, fragment: nil))
        #expect(resolve("../index.html") == .local(path: "index.html", isFolderForm: false, fragment: nil))
        #expect(resolve("./a/./b/../c.html") == .local(path: "docs/a/c.html", isFolderForm: false, fragment: nil))
        #expect(resolve("x.html", in: "index.html") == .local(path: "x.html", isFolderForm: false, fragment: nil))
    }

    @Test func foldersKeepTheirForm() {
        #expect(resolve("api/") == .local(path: "docs/api", isFolderForm: true, fragment: nil))
        #expect(resolve("api") == .local(path: "docs/api", isFolderForm: false, fragment: nil))
        #expect(resolve("..") == .local(path: "", isFolderForm: true, fragment: nil))
        #expect(resolve("./") == .local(path: "docs", isFolderForm: true, fragment: nil))
        #expect(resolve("/") == .local(path: "", isFolderForm: true, fragment: nil))
    }

    @Test func queryIsDroppedFragmentKept() {
        #expect(resolve("a.html?x=1#frag") == .local(path: "docs/a.html", isFolderForm: false, fragment: "frag"))
        #expect(resolve("a.html?x=1") == .local(path: "docs/a.html", isFolderForm: false, fragment: nil))
        // A `?` after the `#` belongs to the fragment.
        #expect(resolve("a.html#f?x") == .local(path: "docs/a.html", isFolderForm: false, fragment: "f?x"))
    }

    @Test func fragmentOnlyAndQueryOnlyStayOnThePage() {
        #expect(resolve("#intro") == .local(path: "docs/guide.html", isFolderForm: false, fragment: "intro"))
        #expect(resolve("?lang=en") == .local(path: "docs/guide.html", isFolderForm: false, fragment: nil))
        #expect(resolve("#") == .local(path: "docs/guide.html", isFolderForm: false, fragment: ""))
    }

    @Test func percentDecodingThenNFC() {
        let nfcCafe = "docs/caf\u{E9}.html"
        #expect(resolve("caf%C3%A9.html") == .local(path: nfcCafe, isFolderForm: false, fragment: nil))
        // NFD spelled in percent escapes (e + combining acute) finds the NFC file name.
        guard case .local(let path, _, _) = resolve("cafe%CC%81.html") else {
            Issue.record("not local")
            return
        }
        #expect(Array(path.unicodeScalars) == Array(nfcCafe.unicodeScalars))
        #expect(resolve("a%20b.html") == .local(path: "docs/a b.html", isFolderForm: false, fragment: nil))
        // A malformed escape is looked up as written rather than guessed at.
        #expect(resolve("100%.html") == .local(path: "docs/100%.html", isFolderForm: false, fragment: nil))
    }

    @Test func leavingTheRootIsAnError() {
        #expect(resolve("../../x.html") == .problem(.leavesSiteRoot, "goes above the site root"))
        #expect(resolve("/../x.html") == .problem(.leavesSiteRoot, "goes above the site root"))
        #expect(resolve("%2E%2E/%2E%2E/x.html") == .problem(.leavesSiteRoot, "goes above the site root"))
        #expect(resolve("../x.html") == .local(path: "x.html", isFolderForm: false, fragment: nil))
    }

    @Test func rootAbsoluteLinksAndTheBasePath() {
        #expect(resolve("/a/b.html") == .local(path: "a/b.html", isFolderForm: false, fragment: nil))
        #expect(resolve("/docs/a.html", basePath: "/docs/") == .local(path: "a.html", isFolderForm: false, fragment: nil))
        #expect(resolve("/docs/", basePath: "docs") == .local(path: "", isFolderForm: true, fragment: nil))
        #expect(resolve("/docs", basePath: "/docs") == .local(path: "", isFolderForm: true, fragment: nil))
        guard case .problem(.outsideBasePath, _) = resolve("/other/a.html", basePath: "/docs/") else {
            Issue.record("a root-absolute link outside the base path must be reported")
            return
        }
        // `/docsx/` only shares a prefix with `/docs/`.
        guard case .problem(.outsideBasePath, _) = resolve("/docsx/a.html", basePath: "/docs/") else {
            Issue.record("prefix match must respect segment boundaries")
            return
        }
        #expect(normalizedBasePath("/") == nil)
        #expect(normalizedBasePath("a/b") == "/a/b/")
    }

    @Test func schemes() {
        #expect(resolve("https://example.com/x#y") == .external(url: "https://example.com/x#y"))
        #expect(resolve("HTTP://example.com") == .external(url: "HTTP://example.com"))
        #expect(resolve("//cdn.example.com/x.js") == .external(url: "https://cdn.example.com/x.js"))
        #expect(resolve("data:,Hi") == .skipped(scheme: "data"))
        #expect(resolve("tel:+1555") == .skipped(scheme: "tel"))
        #expect(resolve("mailto:a@b.c?subject=x") == .skipped(scheme: "mailto"))
        #expect(resolve("ftp://x/y") == .skipped(scheme: "ftp"))
        #expect(resolve("mailto:?subject=x") == .problem(.emptyMailto, "mailto: without an address"))
        #expect(resolve("tel:") == .problem(.emptyTel, "tel: without a number"))
        guard case .problem(.forbiddenScheme, _) = resolve(" JavaScript:alert(1)") else {
            Issue.record("javascript: must be an error, whatever its case and leading space")
            return
        }
        guard case .problem(.emptyLink, _) = resolve("  ") else {
            Issue.record("a blank link is empty")
            return
        }
        // A colon after a slash is a path, not a scheme.
        #expect(URLScheme.of("a/b:c") == nil)
        #expect(URLScheme.of("1a:b") == nil)
        #expect(URLScheme.of("c++:x") == "c++")
    }

    @Test func baseHref() throws {
        let folderBase = try resolveBase("api/", page: "docs/based.html", basePath: nil).get()
        #expect(folderBase == .local(path: "docs/api/"))
        #expect(resolveReference("ref.html", base: folderBase, basePath: nil)
                == .local(path: "docs/api/ref.html", isFolderForm: false, fragment: nil))
        // A fragment-only link goes to the base document, as browsers do (html-proofer#611).
        #expect(resolveReference("#x", base: folderBase, basePath: nil)
                == .local(path: "docs/api", isFolderForm: true, fragment: "x"))
        let rootBase = try resolveBase("/", page: "a/b.html", basePath: nil).get()
        #expect(resolveReference("c.html", base: rootBase, basePath: nil)
                == .local(path: "c.html", isFolderForm: false, fragment: nil))
        let externalBase = try resolveBase("https://example.com/docs/", page: "a.html", basePath: nil).get()
        #expect(resolveReference("x.html#f", base: externalBase, basePath: nil)
                == .external(url: "https://example.com/docs/x.html#f"))
        #expect(throws: LinkProblemDetail.self) { try resolveBase("../../x/", page: "a.html", basePath: nil).get() }
    }

    @Test func fragmentsMatchRawOrDecodedAndAreCaseSensitive() {
        let ids: Set<String> = ["f\u{FC}nf-s\u{FC}\u{DF}e", "tangent%3A-kustomize", "intro"]
        #expect(fragmentMatches("f%C3%BCnf-s%C3%BC%C3%9Fe", ids))
        #expect(fragmentMatches("tangent%3A-kustomize", ids))
        #expect(fragmentMatches("intro", ids))
        #expect(!fragmentMatches("Intro", ids))
        #expect(!wantsFragmentCheck(""))
        #expect(!wantsFragmentCheck("top"))
        #expect(wantsFragmentCheck("Top"))
    }
}

/// `resolveLocal` splits plain targets over their bytes (`resolvePlainRelative`); every target must
/// resolve as the general path resolves it.
@Suite struct PlainRelativeResolutionTests {
    @Test func plainTargetsResolveAsTheGeneralPathDoes() {
        let pieces = ["", ".", "..", "a", "b.html", "index.html", "%2E%2E", "caf%C3%A9", "café", "x\\y", "e\u{301}", "..."]
        var paths: [String] = []
        for first in pieces {
            for second in pieces {
                paths += [first, first + "/" + second, first + "/" + second + "/", "../" + first + "/" + second, "/" + first + "/" + second]
            }
        }
        let endings = ["", "?q=1", "#frag", "#a/b?c", "?a#b", "#", "?", "#caf\u{E9}", "?%zz#x"]
        var plain = 0
        for folder in [[], ["a"], ["a", "b"], ["caf\u{E9}"]] {
            for basePath in [nil, "/docs/"] as [String?] {
                for path in paths {
                    for ending in endings {
                        let target = path + ending
                        let general = resolveLocalGeneral(target, documentPath: (folder + ["p.html"]).joined(separator: "/"),
                                                          folder: folder, basePath: basePath)
                        let fast = resolveLocal(target, documentPath: (folder + ["p.html"]).joined(separator: "/"),
                                                folder: folder, basePath: basePath)
                        #expect(fast == general, "\(target) from \(folder)")
                        var bytes = target
                        if bytes.withUTF8({ resolvePlainRelative($0, folder: folder) }) != nil { plain += 1 }
                    }
                }
            }
        }
        // Both paths are exercised: many targets are plain, many are not.
        #expect(plain > 1_000)
        #expect(plain < 8 * paths.count * 9)
    }
}

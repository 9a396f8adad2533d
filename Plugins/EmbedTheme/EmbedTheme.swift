import Foundation
import PackagePlugin

/// Embeds every file of the package's `templates/` folder in the target it is applied to, so the
/// executable carries the default theme and a project needs no templates folder. No list is kept by
/// hand: `embed-theme.sh` lists the folder itself. What makes SwiftPM notice changes:
/// - an edited file: every file (and folder) of `templates/` is an input of the command;
/// - an added or removed file: the target holds a symbolic link to `templates/` (excluded from its
///   sources), so SwiftPM sees its folder change and plans again, running this plugin again. Without it
///   a cached plan keeps the old list, and a removed template fails the build as a missing input.
@main
struct EmbedTheme: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let package = context.package.directoryURL
        let templates = package.appending(path: "templates")
        let script = package.appending(path: "Plugins/EmbedTheme/embed-theme.sh")
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedThemeFiles.swift")
        return [.buildCommand(
            displayName: "Embedding templates/ in \(target.name)",
            executable: URL(fileURLWithPath: "/bin/sh"),
            arguments: [script.path, templates.path, output.path],
            inputFiles: [script] + (try Self.entries(under: templates)),
            outputFiles: [output])]
    }

    /// The folder, its sub-folders and their regular files (symbolic links are not followed: the theme
    /// is what the repository holds).
    static func entries(under root: URL) throws -> [URL] {
        var found = [root]
        var pending = [root]
        let manager = FileManager.default
        while let folder = pending.popLast() {
            for name in try manager.contentsOfDirectory(atPath: folder.path).sorted() {
                let url = folder.appending(path: name)
                switch (try manager.attributesOfItem(atPath: url.path))[.type] as? FileAttributeType {
                case .typeDirectory?:
                    found.append(url)
                    pending.append(url)
                case .typeRegular?:
                    found.append(url)
                default:
                    continue
                }
            }
        }
        return found
    }
}

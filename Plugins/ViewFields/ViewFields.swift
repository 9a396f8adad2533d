import Foundation
import PackagePlugin

/// Gives every template view of the target its `fields` table, made by `ViewFieldsGenerator` from the
/// view's stored properties: a view's fields are declared once, as properties (`TemplateView`).
@main
struct ViewFields: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        guard let sources = target as? SourceModuleTarget else { return [] }
        let inputs = sources.sourceFiles(withSuffix: "swift").map(\.url).sorted { $0.path < $1.path }
        let output = context.pluginWorkDirectoryURL.appending(path: "ViewFields.swift")
        return [.buildCommand(
            displayName: "Making the template views' fields of \(target.name)",
            executable: try context.tool(named: "ViewFieldsGenerator").url,
            arguments: [output.path] + inputs.map(\.path),
            inputFiles: inputs,
            outputFiles: [output])]
    }
}

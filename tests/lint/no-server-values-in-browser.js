/**
 * A route module may import from `.server` modules: its `loader`, `action` and `headers` run on
 * the server, and the classic compiler empties `.server` modules in the browser bundle. Everything
 * else in the module (the component, `meta`, `links`, `handle`, `ErrorBoundary`, top-level
 * constants) also runs in the browser, where such a value is `undefined`: pages then show
 * 「NaN」 or 「undefined」 and hydration fails. This rule reports every read of a value imported
 * from a `.server` module outside the server-only exports and the helpers only they call.
 * Type-only imports and uses in type positions are fine.
 */

/** Exports Remix removes from the browser bundle. */
const serverExports = new Set(["loader", "action", "headers"]);

/** A reference the compiled JavaScript keeps (not `typeof x` in a type, not a type name). */
function isRuntimeReference(ref) {
  if (ref.isValueReference === false) return false;
  for (let node = ref.identifier.parent; node; node = node.parent) {
    if (node.type === "TSTypeQuery" || node.type === "TSTypeAnnotation") return false;
  }
  return true;
}

const isServerSource = (source) => /\.server(\.[cm]?[jt]sx?)?$/.test(source);

/** The names a top-level statement declares, whether it is exported, and whether it only defines functions. */
function describeStatement(statement) {
  const exported = statement.type === "ExportNamedDeclaration" || statement.type === "ExportDefaultDeclaration";
  const declaration = exported ? statement.declaration : statement;
  if (!declaration) return null;
  if (declaration.type === "FunctionDeclaration" && declaration.id) {
    return { names: [declaration.id.name], exported, functionOnly: true };
  }
  if (declaration.type === "VariableDeclaration") {
    const names = declaration.declarations.filter((d) => d.id.type === "Identifier").map((d) => d.id.name);
    const functionOnly = declaration.declarations.every(
      (d) => d.init && (d.init.type === "ArrowFunctionExpression" || d.init.type === "FunctionExpression"),
    );
    return { names, exported, functionOnly };
  }
  return null;
}

/** @type {import("eslint").Rule.RuleModule} */
export default {
  meta: {
    type: "problem",
    docs: { description: "Browser code of a route module must not read values imported from .server modules." },
    schema: [],
    messages: {
      serverValue:
        "'{{name}}' comes from the .server module '{{source}}', which is empty in the browser: read it only in loader/action (move shared constants to a module without .server).",
    },
  },
  create(context) {
    const sourceCode = context.sourceCode;
    const imports = [];
    return {
      ImportDeclaration(node) {
        if (node.importKind === "type" || !isServerSource(String(node.source.value))) return;
        for (const specifier of node.specifiers) {
          if (specifier.importKind === "type") continue;
          imports.push({ specifier, source: String(node.source.value) });
        }
      },
      "Program:exit"(program) {
        if (imports.length === 0) return;
        // Each top-level statement, and which of them run only on the server.
        const statements = program.body.map((statement) => ({ statement, info: describeStatement(statement) }));
        const statementOf = (node) => statements.find(({ statement }) => statement.range[0] <= node.range[0] && node.range[1] <= statement.range[1]);
        const serverOnly = new Set(
          statements.filter(({ info }) => info?.exported && info.functionOnly && info.names.some((name) => serverExports.has(name))).map(({ statement }) => statement),
        );
        // A helper that is not exported, only defines functions, and is used only from server-only
        // code is server-only too (the compiler drops it from the browser bundle).
        const scope = sourceCode.getScope(program);
        const moduleScope = scope.childScopes.find((s) => s.type === "module") ?? scope;
        let changed = true;
        while (changed) {
          changed = false;
          for (const { statement, info } of statements) {
            if (serverOnly.has(statement) || !info || info.exported || !info.functionOnly) continue;
            const references = info.names.flatMap((name) => moduleScope.set.get(name)?.references ?? []).filter(isRuntimeReference);
            const outside = references.filter((ref) => statementOf(ref.identifier)?.statement !== statement);
            if (outside.length > 0 && outside.every((ref) => serverOnly.has(statementOf(ref.identifier)?.statement))) {
              serverOnly.add(statement);
              changed = true;
            }
          }
        }
        for (const { specifier, source } of imports) {
          for (const variable of sourceCode.getDeclaredVariables(specifier)) {
            for (const ref of variable.references) {
              if (!isRuntimeReference(ref)) continue;
              if (serverOnly.has(statementOf(ref.identifier)?.statement)) continue;
              context.report({ node: ref.identifier, messageId: "serverValue", data: { name: variable.name, source } });
            }
          }
        }
      },
    };
  },
};

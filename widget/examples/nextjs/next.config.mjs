// Load the package from node_modules as it is (it finds its optional better-sqlite3 peer there).
export default { serverExternalPackages: ['@phone-free/two-factor'] };

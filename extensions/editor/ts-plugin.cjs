// tsserver loads a plugin with require() and wants its factory as module.exports; the plugin
// itself is an ES module (compiled into dist/), which Node 20.19 and later can require.
module.exports = require("../../dist/extensions/editor/ts-plugin.js").init;

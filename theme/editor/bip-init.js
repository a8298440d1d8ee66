// Decap CMS starts when bip-editor.js has registered the BIP's backends,
// widget and preview, not on its own (no inline script: the editor's CSP).
window.CMS_MANUAL_INIT = true;

// The DevTools page only registers the panel; the panel itself is panel.html at the root of the build.
chrome.devtools.panels.create('Tandem', '', 'panel.html');

// Wagtail copies what was typed in a rich text field into its hidden form
// input 250 ms after the last keystroke, and not on blur. A form sent sooner
// (Ctrl+S while typing, a quick click on Publish) would be saved with the
// text as it was before the typing: a humas editor's paragraph saved empty.
// So every rich text field's text is copied into its input as the form is
// sent, as Wagtail itself copies it (Draftail's public serialiser).
(function () {
  "use strict";

  document.addEventListener(
    "submit",
    function (event) {
      var form = event.target;
      var draftail = window.Draftail;
      if (!form || !form.querySelectorAll || !draftail) { return; }
      form.querySelectorAll("input").forEach(function (input) {
        var editor = input.draftailEditor;
        if (!editor || !editor.getEditorState) { return; }
        var raw = draftail.serialiseEditorStateToRaw(editor.getEditorState());
        input.rawContentState = raw;
        input.value = JSON.stringify(raw);
      });
    },
    true
  );
})();

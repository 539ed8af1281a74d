// Press and hold, shared by the hold button and hold-to-vote: mouse, touch and pen (pointer
// capture, so sliding off the button does not let go), Space/Enter held, and a release on
// blur, page hide and when the page goes offline (the server could not hear the hold anyway).
window.switchboardPressAndHold = function (button, onPress, onRelease) {
  var held = false;

  function press(e) {
    if (e) e.preventDefault();
    if (held || button.disabled) return;
    held = true;
    onPress(button);
  }

  function release() {
    if (!held) return;
    held = false;
    onRelease(button);
  }

  button.addEventListener('pointerdown', function (e) {
    if (button.setPointerCapture) button.setPointerCapture(e.pointerId);
    press(e);
  });
  ['pointerup', 'pointercancel', 'lostpointercapture', 'blur'].forEach(function (type) {
    button.addEventListener(type, release);
  });
  button.addEventListener('keydown', function (e) {
    if ((e.key === ' ' || e.key === 'Enter') && !e.repeat) press(e);
  });
  button.addEventListener('keyup', function (e) {
    if (e.key === ' ' || e.key === 'Enter') release();
  });
  button.addEventListener('contextmenu', function (e) { e.preventDefault(); });
  window.addEventListener('pagehide', release);
  document.addEventListener('switchboard:offline', release);
  return { release: release };
};

// The door's camera: read QR codes from the video with jsQR and submit each new code
// through the same form a typed code uses. Nothing leaves the phone but the code.
(function () {
  const button = document.getElementById("start-camera");
  const video = document.getElementById("camera");
  const status = document.getElementById("camera-status");
  const form = document.getElementById("check-in-form");
  if (!form) return;
  const input = form.querySelector("input[name=code]");
  const canvas = document.createElement("canvas");
  const context = canvas.getContext("2d", { willReadFrequently: true });
  const SAME_CODE_PAUSE = 4000; // ms before the same code is sent again
  let last = "", lastAt = 0;

  // After each answer the field is emptied for the next ticket (a listener here, not
  // an hx-on attribute: the content security policy allows no evaluated code).
  form.addEventListener("htmx:afterRequest", function () {
    form.reset();
    input.focus();
  });

  function scan() {
    if (video.readyState === video.HAVE_ENOUGH_DATA && window.jsQR) {
      // A smaller frame decodes faster and a ticket fills most of it anyway.
      const scale = Math.min(1, 640 / video.videoWidth);
      canvas.width = Math.round(video.videoWidth * scale);
      canvas.height = Math.round(video.videoHeight * scale);
      context.drawImage(video, 0, 0, canvas.width, canvas.height);
      const image = context.getImageData(0, 0, canvas.width, canvas.height);
      const found = window.jsQR(image.data, image.width, image.height);
      const now = Date.now();
      if (found && found.data && (found.data !== last || now - lastAt > SAME_CODE_PAUSE)) {
        last = found.data;
        lastAt = now;
        input.value = found.data;
        form.requestSubmit();
      }
    }
    setTimeout(scan, 150);
  }

  if (!button || !video) return;
  button.addEventListener("click", async function () {
    try {
      const stream = await navigator.mediaDevices.getUserMedia({
        video: { facingMode: "environment" }, audio: false,
      });
      video.srcObject = stream;
      video.hidden = false;
      button.hidden = true;
      await video.play();
      scan();
    } catch (error) {
      status.textContent = button.dataset.noCamera;
    }
  });
})();

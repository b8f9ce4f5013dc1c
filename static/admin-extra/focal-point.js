// Click on the photo in the image form to set its focal point (the focal_x / focal_y fields).
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  const picker = document.querySelector(".focal-picker");
  const fieldX = document.getElementById("id_focal_x");
  const fieldY = document.getElementById("id_focal_y");
  if (!picker || !fieldX || !fieldY) {
    return;
  }
  const marker = picker.querySelector(".focal-picker__marker");
  const place = () => {
    marker.style.left = `${Number(fieldX.value) * 100}%`;
    marker.style.top = `${Number(fieldY.value) * 100}%`;
  };
  picker.querySelector("img").addEventListener("click", (event) => {
    const box = event.target.getBoundingClientRect();
    fieldX.value = ((event.clientX - box.left) / box.width).toFixed(3);
    fieldY.value = ((event.clientY - box.top) / box.height).toFixed(3);
    place();
  });
  fieldX.addEventListener("input", place);
  fieldY.addEventListener("input", place);
  place();
});

import { writeFileSync } from "node:fs";

// Chromium's fake camera (--use-fake-device-for-media-stream) plays a video file given with
// --use-file-for-fake-video-capture, read when a page opens the camera. A Y4M file is raw
// frames behind a one-line header, so a picture is written here pixel by pixel: no ffmpeg needed.

const WIDTH = 640;
const HEIGHT = 480;

/** One 4:2:0 frame: the luma plane (0 black, 255 white), then both chroma planes at 128 (grey). */
function frame(dark: (x: number, y: number) => boolean): Buffer {
  const luma = Buffer.alloc(WIDTH * HEIGHT, 255);
  for (let y = 0; y < HEIGHT; y++) for (let x = 0; x < WIDTH; x++) if (dark(x, y)) luma[y * WIDTH + x] = 0;
  return Buffer.concat([Buffer.from("FRAME\n"), luma, Buffer.alloc((WIDTH * HEIGHT) / 2, 128)]);
}

function write(path: string, frames: Buffer[]): void {
  writeFileSync(path, Buffer.concat([Buffer.from(`YUV4MPEG2 W${WIDTH} H${HEIGHT} F10:1 Ip A1:1 C420jpeg\n`), ...frames]));
}

/** A camera that sees a blank white card (what the file holds until a test knows its code). */
export function writeBlankCamera(path: string): void {
  write(path, [frame(() => false)]);
}

/**
 * A camera that sees a picture: `luma` is its grey levels, WIDTH × HEIGHT, row by row (what a
 * page's canvas gives for an image drawn on white, see `cameraFrameOf` in the spec).
 */
export function writePictureCamera(path: string, luma: ArrayLike<number>): void {
  if (luma.length !== WIDTH * HEIGHT) throw new Error(`a camera frame is ${WIDTH}×${HEIGHT}`);
  write(path, [frame((x, y) => (luma[y * WIDTH + x] ?? 255) < 128)]);
}

export const CAMERA_WIDTH = WIDTH;
export const CAMERA_HEIGHT = HEIGHT;

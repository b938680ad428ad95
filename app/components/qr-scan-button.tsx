import { useEffect, useRef, useState } from "react";
import { codeFromQrText } from "~/lib/checkin-code";
import { useT } from "~/lib/i18n";
import { useHydrated } from "./client-only";

// Check-in at the door with the phone's camera (issue 14): reads the QR code on a resident's
// confirmation page, puts its code into the typed-code field and sends that form, so a scan is
// exactly a typed code (the same POST, the same refusals). Drawn only where JavaScript runs and
// the browser can open a camera; without either the typed code is the way. The browser's own
// BarcodeDetector reads the code where it has one (Android's Chrome); elsewhere (iPhones,
// desktop Chromium) jsQR is loaded when the button is pressed, never with the page
// (docs/decisions/020-qr-check-in-with-the-camera.md).

/** Reads a QR code's text from the current video frame, or null when it sees none. */
type Detect = (video: HTMLVideoElement, canvas: HTMLCanvasElement) => Promise<string | null>;

interface NativeDetector {
  detect(source: HTMLVideoElement): Promise<{ rawValue: string }[]>;
}
interface NativeDetectorClass {
  new (options: { formats: string[] }): NativeDetector;
  getSupportedFormats(): Promise<string[]>;
}

function isDetectorClass(value: unknown): value is NativeDetectorClass {
  return typeof value === "function" && "getSupportedFormats" in value;
}

/** Frames are scaled down to this width before jsQR reads them: a phone's 1080p frame takes it far longer, and a code held up to the camera reads as well. */
const SCAN_WIDTH = 640;
const SCAN_INTERVAL_MS = 150;

async function loadDetector(): Promise<Detect> {
  const Native: unknown = Reflect.get(window, "BarcodeDetector");
  if (isDetectorClass(Native) && (await Native.getSupportedFormats()).includes("qr_code")) {
    const detector = new Native({ formats: ["qr_code"] });
    return async (video) => (await detector.detect(video))[0]?.rawValue ?? null;
  }
  const { default: jsQR } = await import("jsqr");
  return async (video, canvas) => {
    if (video.videoWidth === 0 || video.videoHeight === 0) return null;
    const scale = Math.min(1, SCAN_WIDTH / video.videoWidth);
    const width = Math.round(video.videoWidth * scale);
    const height = Math.round(video.videoHeight * scale);
    canvas.width = width;
    canvas.height = height;
    const context = canvas.getContext("2d", { willReadFrequently: true });
    if (!context) return null;
    context.drawImage(video, 0, 0, width, height);
    const image = context.getImageData(0, 0, width, height);
    return jsQR(image.data, width, height, { inversionAttempts: "attemptBoth" })?.data ?? null;
  };
}

/** Puts the code into the field and sends its form, as a person typing it and pressing 受付する would. */
function submitCode(inputId: string, code: string): void {
  const input = document.getElementById(inputId);
  if (!(input instanceof HTMLInputElement) || !input.form) return;
  input.value = code;
  const submitter = input.form.querySelector<HTMLButtonElement>('button[type="submit"]');
  input.form.requestSubmit(submitter ?? undefined);
}

type Phase = "idle" | "starting" | "scanning" | "failed";

export function QrScanButton({ inputId }: { inputId: string }) {
  const hydrated = useHydrated();
  const t = useT();
  const [phase, setPhase] = useState<Phase>("idle");
  const [read, setRead] = useState<string | null>(null);
  const videoRef = useRef<HTMLVideoElement>(null);
  const stopRef = useRef<(() => void) | null>(null);
  // Leaving the page (or the form answering) turns the camera off.
  useEffect(() => () => stopRef.current?.(), []);
  if (!hydrated || !("mediaDevices" in navigator) || typeof navigator.mediaDevices.getUserMedia !== "function") return null;

  const stop = () => {
    stopRef.current?.();
    setPhase("idle");
  };

  const start = async () => {
    setRead(null);
    setPhase("starting");
    const video = videoRef.current;
    let stream: MediaStream;
    try {
      stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: { ideal: "environment" } }, audio: false });
    } catch {
      setPhase("failed");
      return;
    }
    let running = true;
    const release = () => {
      running = false;
      for (const track of stream.getTracks()) track.stop();
      if (video) video.srcObject = null;
      stopRef.current = null;
    };
    stopRef.current = release;
    let detect: Detect;
    try {
      if (!video) throw new Error("no video element");
      video.srcObject = stream;
      await video.play();
      detect = await loadDetector();
    } catch {
      release();
      setPhase("failed");
      return;
    }
    setPhase("scanning");
    const canvas = document.createElement("canvas");
    const look = async () => {
      if (!running) return;
      const text = await detect(video, canvas).catch(() => null);
      const code = text === null ? null : codeFromQrText(text);
      if (code) {
        release();
        setPhase("idle");
        setRead(code);
        submitCode(inputId, code);
        return;
      }
      window.setTimeout(() => void look(), SCAN_INTERVAL_MS);
    };
    void look();
  };

  const active = phase === "starting" || phase === "scanning";
  return (
    <div className="qr-scan">
      {active ? (
        <button type="button" className="button secondary" onClick={stop}>
          {t("checkin.scanStop")}
        </button>
      ) : (
        <button type="button" className="button secondary" onClick={() => void start()}>
          {t("checkin.scan")}
        </button>
      )}
      <p className="hint" aria-live="polite">
        {phase === "starting"
          ? t("checkin.scanStarting")
          : phase === "scanning"
          ? t("checkin.scanning")
          : phase === "failed"
          ? t("checkin.scanFailed")
          : read
          ? t("checkin.scanRead", { code: read })
          : ""}
      </p>
      <video ref={videoRef} className="qr-video" hidden={!active} muted playsInline aria-label={t("checkin.video")} />
    </div>
  );
}

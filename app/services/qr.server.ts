import QRCode from "qrcode";

/** A QR code for `url` as base64 SVG (crisp at any print size), error correction M. */
export async function qrCodeSvg(url: string): Promise<string> {
  const svg = await QRCode.toString(url, { type: "svg", errorCorrectionLevel: "M", margin: 1 });
  return Buffer.from(svg).toString("base64");
}

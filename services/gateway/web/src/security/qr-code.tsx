// A QR code drawn from its modules as the gateway sends them (one string per row, '1' dark), as
// an inline SVG: no image travels, nothing is inlined that the CSP would refuse. Each run of
// dark modules in a row is one rectangle of the path; the quiet zone is 4 modules (ISO 18004).
const quiet = 4;

export function QrCode({ rows, label }: { rows: readonly string[]; label: string }) {
  const size = rows.reduce((n, row) => Math.max(n, row.length), rows.length) + 2 * quiet;
  let path = "";
  rows.forEach((row, y) => {
    for (let x = 0; x < row.length; x++) {
      if (row[x] !== "1") continue;
      let end = x;
      while (row[end] === "1") end++;
      path += `M${x + quiet} ${y + quiet}h${end - x}v1h${x - end}z`;
      x = end;
    }
  });
  return (
    <svg
      className="qr-code"
      role="img"
      aria-label={label}
      viewBox={`0 0 ${size} ${size}`}
      // Five pixels a module where there is room (whole pixels keep the modules even).
      width={size * 5}
      height={size * 5}
      shapeRendering="crispEdges"
      xmlns="http://www.w3.org/2000/svg"
    >
      <rect width={size} height={size} fill="#fff" />
      <path d={path} fill="#000" />
    </svg>
  );
}

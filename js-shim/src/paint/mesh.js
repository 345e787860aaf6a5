// js-shim/src/paint/mesh.js — the display list's mesh section (the debug
// overlay's egui output; engine/wire/src/display_list.rs "Mesh section") drawn by
// the browser painters. Lists built from a scene never have one. Its layout
// is read through ../wire/display-list.js (readMeshSection, meshRange,
// meshVertexAt, the VERTEX_* offsets). A MESH item draws its triangles
// sampling its texture: pixel = vertex colour x premultiplied texel,
// premultiplied source-over.
import {
  KIND_MESH, MESH_VERTEX_BYTES, VERTEX_X, VERTEX_Y, VERTEX_U, VERTEX_V, VERTEX_RGBA, meshRange, meshVertexAt, readMeshSection,
} from '../wire/display-list.js';

export { KIND_MESH, MESH_VERTEX_BYTES, meshRange, readMeshSection };

/**
 * De-indexes the mesh item at `o` into a painter's interleaved vertex
 * arrays (x, y, u, v f32 + premultiplied RGBA8 as one u32: the WebGL
 * painter's vertex), starting at vertex `n`. Out-of-range indices drop
 * their triangle. Returns the new vertex count.
 */
export function writeMeshVertices(dv, o, mesh, F, U, n, floatsPerVertex) {
  const [first, end] = meshRange(dv, o, mesh);
  for (let k = first; k < end; k += 3) {
    const a = meshVertexAt(dv, mesh, k);
    const b = meshVertexAt(dv, mesh, k + 1);
    const c = meshVertexAt(dv, mesh, k + 2);
    if (a < 0 || b < 0 || c < 0) continue;
    putVertex(dv, a, F, U, n++ * floatsPerVertex);
    putVertex(dv, b, F, U, n++ * floatsPerVertex);
    putVertex(dv, c, F, U, n++ * floatsPerVertex);
  }
  return n;
}

function putVertex(dv, v, F, U, q) {
  F[q] = dv.getFloat32(v + VERTEX_X, true);
  F[q + 1] = dv.getFloat32(v + VERTEX_Y, true);
  F[q + 2] = dv.getFloat32(v + VERTEX_U, true);
  F[q + 3] = dv.getFloat32(v + VERTEX_V, true);
  U[q + 4] = dv.getUint32(v + VERTEX_RGBA, true); // bytes r g b a, as the shader reads them
}

/**
 * Canvas2D — APPROXIMATION (Canvas2D has no per-vertex colour or uv):
 * each triangle is drawn with the average of its vertex colours. A triangle
 * whose three uvs are equal (egui's solid shapes sample one white texel) is
 * a filled path; a textured one (glyphs) is clipped to the triangle and the
 * texture is drawn through the exact affine uv→screen map, with
 * `globalAlpha` = the average vertex alpha and no colour tint (like image
 * items: text comes out white). egui's feathered edges average into a
 * slightly softer edge. `sx`, `sy`: canvas px per viewport px.
 */
export function paintMeshCanvas2d(ctx, dv, o, mesh, texture, sx, sy) {
  const [first, end] = meshRange(dv, o, mesh);
  let tris = 0;
  for (let k = first; k < end; k += 3) {
    const v = [];
    for (let j = 0; j < 3; j++) {
      const b = meshVertexAt(dv, mesh, k + j);
      if (b < 0) break;
      v.push({
        x: dv.getFloat32(b + VERTEX_X, true) * sx, y: dv.getFloat32(b + VERTEX_Y, true) * sy,
        u: dv.getFloat32(b + VERTEX_U, true), w: dv.getFloat32(b + VERTEX_V, true),
        r: dv.getUint8(b + VERTEX_RGBA), g: dv.getUint8(b + VERTEX_RGBA + 1), bl: dv.getUint8(b + VERTEX_RGBA + 2), a: dv.getUint8(b + VERTEX_RGBA + 3),
      });
    }
    if (v.length < 3) continue;
    const a = (v[0].a + v[1].a + v[2].a) / 3;
    if (a <= 0) continue;
    tris++;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.beginPath();
    ctx.moveTo(v[0].x, v[0].y);
    ctx.lineTo(v[1].x, v[1].y);
    ctx.lineTo(v[2].x, v[2].y);
    ctx.closePath();
    const flat = v[0].u === v[1].u && v[0].u === v[2].u && v[0].w === v[1].w && v[0].w === v[2].w;
    if (flat || !texture) {
      // Premultiplied average back to straight.
      const un = (c) => Math.max(0, Math.min(255, Math.round(((v[0][c] + v[1][c] + v[2][c]) / 3) * 255 / a)));
      ctx.fillStyle = `rgba(${un('r')},${un('g')},${un('bl')},${(a / 255).toFixed(4)})`;
      ctx.fill();
      continue;
    }
    // Affine map texture px -> screen: solve from the three vertices.
    const tw = texture.src.width, th = texture.src.height;
    const [p0, p1, p2] = v;
    const u0 = p0.u * tw, v0 = p0.w * th, u1 = p1.u * tw, v1 = p1.w * th, u2 = p2.u * tw, v2 = p2.w * th;
    const det = (u1 - u0) * (v2 - v0) - (u2 - u0) * (v1 - v0);
    if (Math.abs(det) < 1e-9) continue;
    const ma = ((p1.x - p0.x) * (v2 - v0) - (p2.x - p0.x) * (v1 - v0)) / det;
    const mc = ((p2.x - p0.x) * (u1 - u0) - (p1.x - p0.x) * (u2 - u0)) / det;
    const mb = ((p1.y - p0.y) * (v2 - v0) - (p2.y - p0.y) * (v1 - v0)) / det;
    const md = ((p2.y - p0.y) * (u1 - u0) - (p1.y - p0.y) * (u2 - u0)) / det;
    const me = p0.x - ma * u0 - mc * v0;
    const mf = p0.y - mb * u0 - md * v0;
    ctx.save();
    ctx.clip();
    ctx.setTransform(ma, mb, mc, md, me, mf);
    ctx.globalAlpha = a / 255;
    ctx.drawImage(texture.image, 0, 0);
    ctx.restore();
  }
  return tris;
}

// js-shim/src/paint/mesh.js — the display list's mesh section (the debug
// overlay's egui output; engine/src/display_list.rs "Mesh section") for the
// browser painters. Lists built from a scene never have one.
//
// Layout: header._reserved = [vertexCount, indexCount] (bytes 24 and 28);
// right after the last item come vertexCount vertices of 20 bytes
// (x, y f32 screen px; u, v f32; r, g, b, a u8 PREMULTIPLIED) and then
// indexCount u32 indices. A MESH item (kind 5) draws the triangles
// indices[first .. first + count] with first = colors[0] (item byte 48)
// and count = colors[1] (byte 52), sampling its texture (byte 8):
// pixel = vertex colour x premultiplied texel, premultiplied source-over.
import { HEADER_BYTES, ITEM_BYTES } from './display-list.js';

export const KIND_MESH = 5;
export const MESH_VERTEX_BYTES = 20;

/**
 * Locates the mesh section of a list: `{ vertexOffset, vertexCount,
 * indexOffset, indexCount }` (byte offsets into the DataView). Throws when
 * the section is truncated. Zero counts for lists without meshes.
 */
export function readMeshSection(dv, itemCount) {
  const vertexCount = dv.getUint32(24, true);
  const indexCount = dv.getUint32(28, true);
  const vertexOffset = HEADER_BYTES + itemCount * ITEM_BYTES;
  const indexOffset = vertexOffset + vertexCount * MESH_VERTEX_BYTES;
  if (dv.byteLength < indexOffset + indexCount * 4) {
    throw new Error(`display list mesh section truncated: need ${indexOffset + indexCount * 4} bytes, have ${dv.byteLength}`);
  }
  return { vertexOffset, vertexCount, indexOffset, indexCount };
}

/** The `[first, end)` index range of the mesh item at byte offset `o`, clamped to the section. */
export function meshRange(dv, o, mesh) {
  const first = Math.min(dv.getUint32(o + 48, true), mesh.indexCount);
  const end = Math.min(first + dv.getUint32(o + 52, true), mesh.indexCount);
  return [first, end - ((end - first) % 3)];
}

/**
 * De-indexes the mesh item at `o` into a painter's interleaved vertex
 * arrays (x, y, u, v f32 + premultiplied RGBA8 as one u32: the WebGL
 * painter's vertex), starting at vertex `n`. Out-of-range indices drop
 * their triangle. Returns the new vertex count.
 */
export function writeMeshVertices(dv, o, mesh, F, U, n, floatsPerVertex) {
  const [first, end] = meshRange(dv, o, mesh);
  for (let k = first; k < end; k += 3) {
    let ok = true;
    for (let j = 0; j < 3; j++) if (dv.getUint32(mesh.indexOffset + (k + j) * 4, true) >= mesh.vertexCount) ok = false;
    if (!ok) continue;
    for (let j = 0; j < 3; j++) {
      const v = mesh.vertexOffset + dv.getUint32(mesh.indexOffset + (k + j) * 4, true) * MESH_VERTEX_BYTES;
      const q = n * floatsPerVertex;
      F[q] = dv.getFloat32(v, true);
      F[q + 1] = dv.getFloat32(v + 4, true);
      F[q + 2] = dv.getFloat32(v + 8, true);
      F[q + 3] = dv.getFloat32(v + 12, true);
      U[q + 4] = dv.getUint32(v + 16, true); // bytes r g b a, as the shader reads them
      n++;
    }
  }
  return n;
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
      const idx = dv.getUint32(mesh.indexOffset + (k + j) * 4, true);
      if (idx >= mesh.vertexCount) break;
      const b = mesh.vertexOffset + idx * MESH_VERTEX_BYTES;
      v.push({
        x: dv.getFloat32(b, true) * sx, y: dv.getFloat32(b + 4, true) * sy,
        u: dv.getFloat32(b + 8, true), w: dv.getFloat32(b + 12, true),
        r: dv.getUint8(b + 16), g: dv.getUint8(b + 17), bl: dv.getUint8(b + 18), a: dv.getUint8(b + 19),
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

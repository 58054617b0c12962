// BMP decoding, read here: the format is a header and rows. Uncompressed 1, 4, 8 (palette), 16,
// 24 and 32 bits, bit fields, RLE8 and RLE4; bottom-up and top-down. Every offset is checked
// against the data before it is read.

#include "raster_internal.h"

#include <stdlib.h>
#include <string.h>

enum { BI_RGB = 0, BI_RLE8 = 1, BI_RLE4 = 2, BI_BITFIELDS = 3, BI_JPEG = 4, BI_PNG = 5, BI_ALPHABITFIELDS = 6 };

typedef struct {
    uint32_t pixel_offset;
    uint32_t dib_size;
    int32_t width;
    int32_t height;
    int top_down;
    int bits;
    uint32_t compression;
    uint32_t masks[4];
    int mask_shift[4];
    int mask_bits[4];
    uint8_t palette[256][3];
    uint32_t palette_size;
} bmp_state;

static uint32_t u16(const uint8_t *p) { return (uint32_t)p[0] | (uint32_t)p[1] << 8; }
static uint32_t u32(const uint8_t *p) { return u16(p) | u16(p + 2) << 16; }

static void describe_mask(bmp_state *bmp, int index) {
    uint32_t mask = bmp->masks[index];
    int shift = 0, bits = 0;
    if (mask != 0) {
        while (!(mask & 1)) { mask >>= 1; shift++; }
        while (mask & 1) { mask >>= 1; bits++; }
    }
    bmp->mask_shift[index] = shift;
    bmp->mask_bits[index] = bits;
}

/// A channel of `value` under mask `index`, scaled to 8 bits.
static uint8_t channel(const bmp_state *bmp, uint32_t value, int index) {
    int bits = bmp->mask_bits[index];
    if (bits == 0) return index == 3 ? 255 : 0;
    // A mask with gaps in it keeps bits above its first run: clamped, not wrapped.
    uint64_t v = (value & bmp->masks[index]) >> bmp->mask_shift[index];
    uint64_t max = bits >= 32 ? 0xFFFFFFFFu : (1u << bits) - 1;
    uint64_t scaled = (v * 255u + max / 2) / max;
    return (uint8_t)(scaled > 255 ? 255 : scaled);
}

static pik_status bmp_read_header(pik_raster_decoder *decoder) {
    const uint8_t *d = decoder->data;
    size_t size = decoder->size;
    if (size < 18 || d[0] != 'B' || d[1] != 'M') return pik_raster_fail(decoder, PIK_TRUNCATED, "the file header is cut short");
    bmp_state *bmp = calloc(1, sizeof(bmp_state));
    if (bmp == NULL) return pik_raster_fail(decoder, PIK_OUT_OF_MEMORY, "out of memory");
    decoder->state = bmp;
    bmp->pixel_offset = u32(d + 10);
    bmp->dib_size = u32(d + 14);
    uint32_t dib = bmp->dib_size;
    if (dib != 12 && dib != 16 && dib != 40 && dib != 52 && dib != 56 && dib != 64 && dib != 108 && dib != 124) {
        return pik_raster_fail(decoder, PIK_CORRUPT, "unknown DIB header size %u", dib);
    }
    if (size < 14 + (size_t)dib) {
        decoder->position = size;
        return pik_raster_fail(decoder, PIK_TRUNCATED, "the %u-byte DIB header is cut short", dib);
    }
    const uint8_t *h = d + 14;
    uint32_t planes;
    if (dib == 12) {
        bmp->width = (int32_t)u16(h + 4);
        bmp->height = (int32_t)u16(h + 6);
        planes = u16(h + 8);
        bmp->bits = (int)u16(h + 10);
        bmp->compression = BI_RGB;
    } else {
        bmp->width = (int32_t)u32(h + 4);
        bmp->height = (int32_t)u32(h + 8);
        planes = u16(h + 12);
        bmp->bits = (int)u16(h + 14);
        bmp->compression = dib >= 20 ? u32(h + 16) : BI_RGB;
    }
    decoder->position = 14 + dib;
    if (planes != 1) return pik_raster_fail(decoder, PIK_CORRUPT, "%u colour planes (must be 1)", planes);
    if (bmp->width <= 0) return pik_raster_fail(decoder, PIK_CORRUPT, "width %d", bmp->width);
    if (bmp->height == INT32_MIN || bmp->height == 0) return pik_raster_fail(decoder, PIK_CORRUPT, "height %d", bmp->height);
    bmp->top_down = bmp->height < 0;
    if (bmp->top_down) bmp->height = -bmp->height;

    uint32_t c = bmp->compression;
    int b = bmp->bits;
    int valid = (c == BI_RGB && (b == 1 || b == 4 || b == 8 || b == 16 || b == 24 || b == 32)) ||
                (c == BI_RLE8 && b == 8) || (c == BI_RLE4 && b == 4) ||
                ((c == BI_BITFIELDS || c == BI_ALPHABITFIELDS) && (b == 16 || b == 32));
    if (c == BI_JPEG || c == BI_PNG) return pik_raster_fail(decoder, PIK_UNSUPPORTED, "embedded JPEG or PNG data");
    if (!valid) return pik_raster_fail(decoder, PIK_CORRUPT, "%d bits per pixel with compression %u", b, c);
    if (bmp->top_down && (c == BI_RLE8 || c == BI_RLE4)) {
        return pik_raster_fail(decoder, PIK_CORRUPT, "a top-down image cannot be RLE-compressed");
    }

    // Bit fields follow a 40-byte header, or sit inside the larger ones; BI_RGB has fixed ones.
    size_t after = 14 + dib;
    if (c == BI_BITFIELDS || c == BI_ALPHABITFIELDS) {
        int count = c == BI_ALPHABITFIELDS ? 4 : 3;
        const uint8_t *m = h + 40;
        if (dib == 40) {
            if (size < after + 4 * (size_t)count) return pik_raster_fail(decoder, PIK_TRUNCATED, "the bit fields are cut short");
            after += 4 * (size_t)count;
        } else if (dib < 52) {
            return pik_raster_fail(decoder, PIK_CORRUPT, "bit fields in a %u-byte header", dib);
        } else {
            // A 52-byte header holds three masks, 56 and up four: never read past the header.
            count = dib >= 56 ? 4 : 3;
        }
        for (int i = 0; i < count; i++) bmp->masks[i] = u32(m + 4 * i);
        if (bmp->bits == 16) bmp->masks[3] &= 0xFFFF;
    } else if (b == 16) {
        bmp->masks[0] = 0x7C00, bmp->masks[1] = 0x03E0, bmp->masks[2] = 0x001F;
    } else if (b == 32 || b == 24) {
        bmp->masks[0] = 0xFF0000, bmp->masks[1] = 0xFF00, bmp->masks[2] = 0xFF;
    }
    for (int i = 0; i < 4; i++) describe_mask(bmp, i);
    for (int i = 0; i < 3; i++) {
        if ((b == 16 || b == 32) && bmp->masks[i] == 0) return pik_raster_fail(decoder, PIK_CORRUPT, "colour mask %d is empty", i);
    }

    if (b <= 8) {
        uint32_t used = dib >= 36 ? u32(h + 32) : 0;
        uint32_t most = 1u << b;
        if (used == 0 || used > most) used = most;
        size_t entry = dib == 12 ? 3 : 4;
        // Writers that leave the palette short are common; what is there is read.
        size_t room = bmp->pixel_offset > after ? (bmp->pixel_offset - after) / entry : 0;
        if (room < used) used = (uint32_t)room;
        if (used == 0 || after + used * entry > size) {
            return pik_raster_fail(decoder, after + entry > size ? PIK_TRUNCATED : PIK_CORRUPT, "no colour palette");
        }
        for (uint32_t i = 0; i < used; i++) {
            const uint8_t *e = d + after + i * entry;
            bmp->palette[i][0] = e[2], bmp->palette[i][1] = e[1], bmp->palette[i][2] = e[0];
        }
        bmp->palette_size = used;
    }
    if (bmp->pixel_offset < after || bmp->pixel_offset > size) {
        return pik_raster_fail(decoder, bmp->pixel_offset > size ? PIK_TRUNCATED : PIK_CORRUPT,
                               "pixel data at byte %u, outside the file's %zu bytes", bmp->pixel_offset, size);
    }
    pik_raster_header *header = &decoder->header;
    header->width = (uint32_t)bmp->width;
    header->height = (uint32_t)bmp->height;
    header->bit_depth = b <= 8 ? b : 8;
    header->color_model = b <= 8 ? PIK_RASTER_MODEL_PALETTE : PIK_RASTER_MODEL_RGB;
    header->channels = bmp->mask_bits[3] > 0 ? 4 : 3;
    header->frames = 1;
    return PIK_OK;
}

static void put_index(const bmp_state *bmp, uint8_t *out, uint32_t index, int *bad_index) {
    if (index >= bmp->palette_size) {
        *bad_index = 1;
        index = 0;
    }
    memcpy(out, bmp->palette[index], 3);
}

static uint8_t *row_at(const bmp_state *bmp, uint8_t *pixels, size_t stride, uint32_t y) {
    return pixels + (size_t)(bmp->top_down ? y : (uint32_t)bmp->height - 1 - y) * stride;
}

static pik_status read_uncompressed(pik_raster_decoder *decoder, bmp_state *bmp, uint8_t *pixels, size_t stride) {
    uint32_t width = (uint32_t)bmp->width, height = (uint32_t)bmp->height;
    int channels = decoder->header.channels;
    size_t row_bytes = (((size_t)width * (size_t)bmp->bits + 31) / 32) * 4;
    const uint8_t *data = decoder->data + bmp->pixel_offset;
    size_t left = decoder->size - bmp->pixel_offset;
    int bad_index = 0;
    for (uint32_t y = 0; y < height; y++) {
        // The last row's padding may be missing (several writers drop it): only its pixels are needed.
        size_t needed = (size_t)y * row_bytes + ((size_t)width * (size_t)bmp->bits + 7) / 8;
        if (needed > left) {
            decoder->position = decoder->size;
            return pik_raster_fail(decoder, PIK_TRUNCATED, "the pixel data ends in row %u of %u (%zu bytes of %zu)", y,
                                   height, left, row_bytes * height);
        }
        const uint8_t *in = data + (size_t)y * row_bytes;
        uint8_t *out = row_at(bmp, pixels, stride, y);
        for (uint32_t x = 0; x < width; x++, out += channels) {
            switch (bmp->bits) {
            case 1: put_index(bmp, out, (in[x >> 3] >> (7 - (x & 7))) & 1, &bad_index); break;
            case 4: put_index(bmp, out, (in[x >> 1] >> ((x & 1) ? 0 : 4)) & 15, &bad_index); break;
            case 8: put_index(bmp, out, in[x], &bad_index); break;
            case 24: out[0] = in[3 * x + 2], out[1] = in[3 * x + 1], out[2] = in[3 * x]; break;
            default: {
                uint32_t value = bmp->bits == 16 ? u16(in + 2 * x) : u32(in + 4 * x);
                for (int c = 0; c < channels; c++) out[c] = channel(bmp, value, c);
            }
            }
        }
    }
    if (bad_index) pik_raster_note(decoder, "palette index beyond the palette, shown as its first colour");
    return PIK_OK;
}

/// RLE8 and RLE4: runs and literal spans of palette indices, with end-of-line, end-of-bitmap and
/// delta escapes. Pixels no code reaches stay the first palette colour, as Windows leaves them.
static pik_status read_rle(pik_raster_decoder *decoder, bmp_state *bmp, uint8_t *pixels, size_t stride) {
    uint32_t width = (uint32_t)bmp->width, height = (uint32_t)bmp->height;
    int four = bmp->bits == 4;
    for (uint32_t y = 0; y < height; y++) {
        uint8_t *out = row_at(bmp, pixels, stride, y);
        for (uint32_t x = 0; x < width; x++) memcpy(out + 3 * x, bmp->palette[0], 3);
    }
    const uint8_t *d = decoder->data;
    size_t p = bmp->pixel_offset, size = decoder->size;
    uint32_t x = 0, y = 0;
    int bad_index = 0, overrun = 0;
    for (;;) {
        decoder->position = p;
        if (p + 2 > size) return pik_raster_fail(decoder, PIK_TRUNCATED, "the RLE data ends before its end-of-bitmap code");
        uint32_t count = d[p], value = d[p + 1];
        p += 2;
        if (count > 0) {
            for (uint32_t i = 0; i < count; i++, x++) {
                uint32_t index = four ? (i & 1 ? value & 15 : value >> 4) : value;
                if (x < width && y < height) put_index(bmp, row_at(bmp, pixels, stride, y) + 3 * x, index, &bad_index);
                else overrun = 1;
            }
        } else if (value == 0) {
            x = 0, y++;
        } else if (value == 1) {
            break;
        } else if (value == 2) {
            if (p + 2 > size) return pik_raster_fail(decoder, PIK_TRUNCATED, "the RLE data ends in a delta code");
            x += d[p], y += d[p + 1];
            p += 2;
        } else {
            size_t bytes = four ? (value + 1) / 2 : value;
            if (p + bytes > size) return pik_raster_fail(decoder, PIK_TRUNCATED, "the RLE data ends in a literal span");
            for (uint32_t i = 0; i < value; i++, x++) {
                uint32_t index = four ? (i & 1 ? d[p + i / 2] & 15 : d[p + i / 2] >> 4) : d[p + i];
                if (x < width && y < height) put_index(bmp, row_at(bmp, pixels, stride, y) + 3 * x, index, &bad_index);
                else overrun = 1;
            }
            p += (bytes + 1) & ~(size_t)1;
        }
        if (y > height) return pik_raster_fail(decoder, PIK_CORRUPT, "RLE codes go past the last row");
    }
    if (overrun) {
        if (decoder->strict) return pik_raster_fail(decoder, PIK_CORRUPT, "RLE codes write past the end of a row");
        pik_raster_note(decoder, "RLE codes past the end of a row were dropped");
    }
    if (bad_index) pik_raster_note(decoder, "palette index beyond the palette, shown as its first colour");
    return PIK_OK;
}

static pik_status bmp_read_pixels(pik_raster_decoder *decoder, uint8_t *pixels, size_t stride) {
    bmp_state *bmp = decoder->state;
    if (bmp->compression == BI_RLE8 || bmp->compression == BI_RLE4) return read_rle(decoder, bmp, pixels, stride);
    return read_uncompressed(decoder, bmp, pixels, stride);
}

static void bmp_destroy(pik_raster_decoder *decoder) {
    free(decoder->state);
}

static void bmp_version(char *buffer, size_t capacity) {
    snprintf(buffer, capacity, "BMP reader (built in)");
}

const pik_raster_codec pik_bmp_codec = {bmp_read_header, bmp_read_pixels, bmp_destroy, bmp_version};

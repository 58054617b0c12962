// GIF decoding through giflib, which reports errors by return codes (no longjmp). Only the
// first frame is decoded, onto the logical screen; the later frames' data blocks are still read
// through to the trailer, so that a cut-off animation is found.

#include "raster_internal.h"

#include <gif_lib.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    GifFileType *gif;
    int transparent_index;
} gif_state;

static int on_read(GifFileType *gif, GifByteType *out, int length) {
    pik_raster_decoder *decoder = gif->UserData;
    size_t left = decoder->size - decoder->position;
    size_t count = length < 0 ? 0 : (size_t)length;
    if (count > left) {
        decoder->ran_out_of_data = 1;
        count = left;
    }
    memcpy(out, decoder->data + decoder->position, count);
    decoder->position += count;
    return (int)count;
}

static pik_status gif_failure(pik_raster_decoder *decoder, int code, const char *what) {
    const char *message = GifErrorString(code);
    // giflib also says "Failed to read" of a malformed LZW code size: only a reader that ran out
    // of data makes truncation.
    pik_status status = decoder->ran_out_of_data ? PIK_TRUNCATED : code == D_GIF_ERR_NOT_ENOUGH_MEM ? PIK_OUT_OF_MEMORY : PIK_CORRUPT;
    if (status == PIK_CORRUPT && code == D_GIF_ERR_READ_FAILED) message = "malformed data (an LZW code size above 8?)";
    pik_status result = pik_raster_fail(decoder, status, "%s: %s", what, message ? message : "unknown giflib error");
    decoder->failure.library_code = code;
    return result;
}

/// Reads an extension through; a Graphics Control Extension before the first image sets the
/// transparent index.
static pik_status skip_extension(pik_raster_decoder *decoder, gif_state *state, int first) {
    int code = 0;
    GifByteType *block = NULL;
    if (DGifGetExtension(state->gif, &code, &block) == GIF_ERROR) return gif_failure(decoder, state->gif->Error, "extension");
    int leading = 1;
    while (block != NULL) {
        if (leading && first && code == GRAPHICS_EXT_FUNC_CODE && block[0] >= 4) {
            state->transparent_index = (block[1] & 1) ? block[4] : -1;
        }
        leading = 0;
        if (DGifGetExtensionNext(state->gif, &block) == GIF_ERROR) {
            return gif_failure(decoder, state->gif->Error, "extension data");
        }
    }
    return PIK_OK;
}

static pik_status gif_read_header(pik_raster_decoder *decoder) {
    gif_state *state = calloc(1, sizeof(gif_state));
    if (state == NULL) return pik_raster_fail(decoder, PIK_OUT_OF_MEMORY, "out of memory");
    decoder->state = state;
    state->transparent_index = -1;
    int error = 0;
    state->gif = DGifOpen(decoder, on_read, &error);
    if (state->gif == NULL) return gif_failure(decoder, error, "header");
    GifFileType *gif = state->gif;
    for (;;) {
        GifRecordType type;
        if (DGifGetRecordType(gif, &type) == GIF_ERROR) return gif_failure(decoder, gif->Error, "record");
        if (type == IMAGE_DESC_RECORD_TYPE) break;
        if (type == TERMINATE_RECORD_TYPE) return pik_raster_fail(decoder, PIK_CORRUPT, "the file holds no image");
        if (type == EXTENSION_RECORD_TYPE) {
            pik_status status = skip_extension(decoder, state, 1);
            if (status != PIK_OK) return status;
        }
    }
    if (DGifGetImageDesc(gif) == GIF_ERROR) return gif_failure(decoder, gif->Error, "image descriptor");
    GifImageDesc *frame = &gif->Image;
    if (frame->ColorMap == NULL && gif->SColorMap == NULL) {
        return pik_raster_fail(decoder, PIK_CORRUPT, "the first frame has no colour table, and there is no global one");
    }
    // The logical screen is the canvas; a screen of 0x0 (some writers) takes the frame's extent.
    uint32_t width = gif->SWidth, height = gif->SHeight;
    if (width == 0 || height == 0) {
        width = (uint32_t)frame->Left + (uint32_t)frame->Width;
        height = (uint32_t)frame->Top + (uint32_t)frame->Height;
    }
    int covers = frame->Left == 0 && frame->Top == 0 && (uint32_t)frame->Width >= width &&
                 (uint32_t)frame->Height >= height;
    pik_raster_header *header = &decoder->header;
    header->width = width;
    header->height = height;
    header->channels = state->transparent_index >= 0 || !covers ? 4 : 3;
    header->bit_depth = 8;
    header->color_model = PIK_RASTER_MODEL_PALETTE;
    header->frames = 1;
    return pik_raster_check_size(decoder, (uint64_t)frame->Width, (uint64_t)frame->Height);
}

static pik_status read_first_frame(pik_raster_decoder *decoder, gif_state *state, uint8_t *pixels, size_t stride) {
    GifFileType *gif = state->gif;
    GifImageDesc *frame = &gif->Image;
    const ColorMapObject *map = frame->ColorMap != NULL ? frame->ColorMap : gif->SColorMap;
    int channels = decoder->header.channels;
    uint32_t width = decoder->header.width, height = decoder->header.height;
    // Outside the first frame the canvas is transparent, as browsers show it.
    for (uint32_t y = 0; y < height; y++) memset(pixels + (size_t)y * stride, 0, (size_t)width * (size_t)channels);
    GifPixelType *line = malloc((size_t)frame->Width);
    if (line == NULL) return pik_raster_fail(decoder, PIK_OUT_OF_MEMORY, "out of memory for a row");
    static const int start[] = {0, 4, 2, 1}, step[] = {8, 8, 4, 2};
    int passes = frame->Interlace ? 4 : 1;
    int bad_index = 0;
    for (int pass = 0; pass < passes; pass++) {
        int first = frame->Interlace ? start[pass] : 0, jump = frame->Interlace ? step[pass] : 1;
        for (int row = first; row < frame->Height; row += jump) {
            if (DGifGetLine(gif, line, frame->Width) == GIF_ERROR) {
                free(line);
                return gif_failure(decoder, gif->Error, "first frame");
            }
            uint32_t y = (uint32_t)frame->Top + (uint32_t)row;
            if (y >= height) continue;
            uint8_t *out = pixels + (size_t)y * stride;
            for (int column = 0; column < frame->Width; column++) {
                uint32_t x = (uint32_t)frame->Left + (uint32_t)column;
                if (x >= width) break;
                int index = line[column];
                uint8_t *pixel = out + (size_t)x * (size_t)channels;
                if (index == state->transparent_index) {
                    memset(pixel, 0, (size_t)channels);
                    continue;
                }
                if (index >= map->ColorCount) {
                    bad_index = 1;
                    index = 0;
                }
                pixel[0] = map->Colors[index].Red, pixel[1] = map->Colors[index].Green, pixel[2] = map->Colors[index].Blue;
                if (channels == 4) pixel[3] = 255;
            }
        }
    }
    free(line);
    if (bad_index) pik_raster_note(decoder, "colour index beyond the colour table, shown as its first colour");
    return PIK_OK;
}

/// Walks the later frames' data blocks (not decoded: only the first frame is shown) to the trailer.
static pik_status read_to_trailer(pik_raster_decoder *decoder, gif_state *state) {
    GifFileType *gif = state->gif;
    int frames = 1;
    for (;;) {
        GifRecordType type;
        if (DGifGetRecordType(gif, &type) == GIF_ERROR) return gif_failure(decoder, gif->Error, "after the first frame");
        if (type == TERMINATE_RECORD_TYPE) break;
        if (type == EXTENSION_RECORD_TYPE) {
            pik_status status = skip_extension(decoder, state, 0);
            if (status != PIK_OK) return status;
        } else if (type == IMAGE_DESC_RECORD_TYPE) {
            if (DGifGetImageDesc(gif) == GIF_ERROR) return gif_failure(decoder, gif->Error, "frame descriptor");
            // giflib keeps a copy of every descriptor (and its colour table) it reads, growing one
            // array frame by frame: a small file of many tiny frames would cost memory and time
            // quadratic in them. Nothing here reads the copies. GifFreeSavedImages leaves the count
            // as it was, which the next descriptor indexes by: it is reset with the array.
            GifFreeSavedImages(gif);
            gif->ImageCount = 0;
            frames++;
            int size = 0;
            GifByteType *block = NULL;
            if (DGifGetCode(gif, &size, &block) == GIF_ERROR) return gif_failure(decoder, gif->Error, "frame data");
            while (block != NULL) {
                if (DGifGetCodeNext(gif, &block) == GIF_ERROR) return gif_failure(decoder, gif->Error, "frame data");
            }
        }
    }
    decoder->frames = frames;
    return PIK_OK;
}

static pik_status gif_read_pixels(pik_raster_decoder *decoder, uint8_t *pixels, size_t stride) {
    gif_state *state = decoder->state;
    pik_status status = read_first_frame(decoder, state, pixels, stride);
    return status != PIK_OK ? status : read_to_trailer(decoder, state);
}

static void gif_destroy(pik_raster_decoder *decoder) {
    gif_state *state = decoder->state;
    if (state == NULL) return;
    int error = 0;
    if (state->gif != NULL) DGifCloseFile(state->gif, &error);
    free(state);
}

static void gif_version(char *buffer, size_t capacity) {
    // giflib has no run-time version query: this is the one the shim was built against.
    snprintf(buffer, capacity, "giflib %d.%d.%d", GIFLIB_MAJOR, GIFLIB_MINOR, GIFLIB_RELEASE);
}

const pik_raster_codec pik_gif_codec = {gif_read_header, gif_read_pixels, gif_destroy, gif_version};

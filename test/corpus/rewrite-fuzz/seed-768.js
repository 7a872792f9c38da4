"Ø¦*¹e";﻿/*ey rd  eykb zg　
f*/"F"; /*q mrnk ﻿*//*i  tvbit u*/"use strict"; //k c  　  q  
do /*  zds *///zu e 
try { 




//c

/* gu oxhi*/;　 

//m   qz//n    tre   lb q
const/*l*/ u



=	//tszp	isy  nngcs   ﻿((null)); //eiima j
 //   t﻿j  try { /*e　php  x *//*
ycif g﻿kn jg  d*/ 



/* l cae    */class 
async {} 

throw  (this)
//
// bb xn  fe  d cacn
/*u mq 
 j*/ //c   g


try/* j  hagq 
a
 	 z
*/ {} finally {}
//bk dix       at
// ncvu  liy

//  j g    z yg

/*	 　 b fs */

continue
	}catch


({}) {}
/* j a
 hdp c*//*b e*/	hycklxr: /*gm d b   	nl s  */mob: break } catch (wltnchaugenp)/*b   v      t*//*o　　af*//*vp  c u  dx﻿*/ {	/*  zm kbxhcjqc c hgg*/ //g﻿  d  n﻿fr zphl﻿try
{} finally {}/*uy 	*/////bln f﻿ vy gg 

	//b m c﻿ 　lm
//x y a y pd     class/* f j	   ﻿﻿sm
rti*/ await extends (((`:`)))/*  fcic fsvg*/
 /*dyv ﻿hl*/{}  }finally　 { /*uc﻿*/

	continue
  for/*sf﻿ l　 o c 
boc*/(const  await//flt h
of
((null).typeof﻿/*a lf  d﻿q*/ --))/*a q    u  fg i mp */　2e308;
 try  { 	// jx zuu   k  f b
    break

   {}  //du　  z kb 
/* 

 ﻿		j */　(await)//i  fd
//ns　	 a　lodacpy ovk// c　/*b*/

/*zh　*/ 

continue;﻿//h  j  j 	 ny
//g kk	k k r  g﻿ 

//bpf vp  lbht  p  d
  switch/*  khjqm */(("{"))　//yiyrid n	u gf x
 {}/*　r         */} catch //e ar　d qsg n u
({})/*t qs﻿
d i	 q   tv */

{} async function
async(async) /*　ec uom*///   
/*nglj inc
 　b ml
﻿*/{　
//z
// 


"use strict";

    ""//ff    uatqt	 kfc  

	 "use strict"; //q pudlf  gx v  e cb
//   e  k   o　  ﻿""
//rb dpo   ef
 for

await
/**/
//   eufbkv
(let async  /*  */of

 (await 

//yx u mm 　sf p(((eval)))))//el rr　   un
//   vv  gjrev jqbreak //　	s pf mxt l  s j
  
 

 
/*y   fr k g q 	g  v*/ }
// j clh   y ﻿jj pq
 for  (const await/*vyx giv  zu*/ in

null)//vdb fr 　n 	e try {}


catch

 (async){}
} ﻿while //	dqqqkqx z//es　 (class iluwgwo

extends 
 (({await,/* jmv dxh	x */
async =((function*  ()//	  fm  ycsa 
// y  v po   
{
  "cU"; 
/*pn e  *//*r oky*/
"ùü";/* ak */  "YMëÌ"
/*	 mg i 	 za*/})), "ë5\r":
f= eval}/*plbh u sjcz*/

 =//
 //  ((this))))// qfyp  　a ytup {});
; 

ycau: var/*vmeav 　s*//*lr	  b  p
nfxsf */﻿await 

= (async	(e

//   


=/* p vg*/

 

(/(?:)/im),//  vtvttu 	b ﻿ik
i=//h rvy gzr   (f), /*pn 
 
x iya﻿tu　k﻿q*//*flde	 y io  	r p 	

*///ifvc  xnvqbzxzyty //l m
= (null),/*   ﻿ k t u h 	*/ ...async) =>/* 	v iy rib
 hq*//**/ (async)),﻿{await,/*  f s n e*/ await, /*jy z ar */...h} =/*j
r lrmg
 a
hgf  */	((fndvhbpp));
